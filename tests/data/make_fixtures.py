"""Writes the hand-made client-style fixtures in this folder (run once; the files are committed).

    python tests/data/make_fixtures.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent

GBK_ROWS = """医院编码,医院名称,订单号,订单日期,金额
00012,杭州市第一人民医院,SO1,2025/3/5,"￥1,234.50"
00012,杭州市第一人民医院,SO2,2025年4月1日,1.2万
 H0046 ,南京鼓楼医院,SO3,20250410,"(1,000.00)"
Ｈ００４６,南京鼓楼医院,SO4,2025-05-01 14:22:01,"RMB 2,000"
,无编码医院,SO5,2025-05-02,100
H0047,郑州市中心医院,SO6,2025-05-03,待定
H0047,郑州市中心医院,SO7,五月三日,100
H0047,郑州市中心医院,SO8,2025-05-04,0
H0047,郑州市中心医院,SO8,2025-05-04,0
H0048,成都市第二人民医院,SO9,2024-12-31,500
"""


def main() -> None:
    (HERE / "orders_gbk.csv").write_bytes(GBK_ROWS.replace("\n", "\r\n").encode("gbk"))
    (HERE / "orders.tsv").write_text(
        "customer\tdate\tvalue\nA01\t2025-01-05\t10.5\nA01\t2025-02-05\t1,000\nB02\t2025-03-01\t-2.5\n",
        encoding="utf-8",
    )

    book = Workbook()
    sheet = book.active
    sheet.title = "订单明细"
    sheet["A1"] = "2025年医院订单明细（内部资料）"
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "导出日期：2026-01-05"
    sheet.merge_cells("A2:E2")
    sheet.append([])
    sheet.append(["医院编码", "医院名称", "订单日期", "金额", "备注"])
    sheet.append(["00012", "杭州市第一人民医院", dt.datetime(2025, 3, 5), 1234.5, None])
    sheet.append(["00012", "杭州市第一人民医院", 45748, "¥2,000.00", "日期为 Excel 序列号"])  # 2025-04-01
    sheet.append([])
    sheet.append(["H0046", "南京鼓楼医院", "2025/5/1", -300, "退货"])
    sheet.append([None, "无编码医院", dt.datetime(2025, 5, 2), 50, None])
    other = book.create_sheet("说明")
    other["A1"] = "本工作簿由 ERP 导出"
    book.save(HERE / "orders_title_block.xlsx")

    master = Workbook()
    ms = master.active
    ms.title = "客户主数据"
    ms.append(["客户编码", "客户名称", "省份", "等级", "床位数"])
    ms.append(["00012", "杭州市第一人民医院（主数据）", "浙江省", "三甲", 2200])
    ms.append(["H0046", "南京鼓楼医院", "江苏省", "三甲", 3000])
    ms.append(["H0099", "从未下单的医院", "江苏省", "二甲", 400])
    ms.append(["H0099", "重复的编码", "江苏省", "二甲", 400])
    master.save(HERE / "master.xlsx")
    legacy_xls()
    marked_xls()


def legacy_xls() -> None:
    """``orders_legacy.xls``: the same title block in the old binary format (needs xlwt, not a kit dependency)."""
    try:
        import xlwt
    except ImportError:
        print("orders_legacy.xls not rewritten: pip install xlwt to make it")
        return
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("订单明细")
    sheet.write_merge(0, 0, 0, 3, "2024年订单（旧版 Excel）")
    day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for col, name in enumerate(["医院编码", "医院名称", "订单日期", "金额"]):
        sheet.write(2, col, name)
    rows = [("00012", "杭州市第一人民医院", dt.datetime(2024, 3, 5), 1234.5),
            ("H0046", "南京鼓楼医院", dt.datetime(2024, 6, 1), "¥2,000.00")]
    for r, row in enumerate(rows, 3):
        for col, value in enumerate(row):
            sheet.write(r, col, value, day if isinstance(value, dt.datetime) else xlwt.Style.default_style)
    book.save(str(HERE / "orders_legacy.xls"))


#: ``ledger_marks.xls``'s lines from row 4 (B: customer, C: date, D: amount, E: remark), each with its mark: ``red``
#: (红字, a return written positive; -5 one written negative already), ``dark red`` (xlwt's dark_red, 800000 in the
#: palette: no red ink), ``struck`` (the amount struck through: 作废), ``red struck`` (both), ``row struck`` (the
#: whole line struck), ``hidden`` (the row hidden); E9 an error cell (#N/A)
MARKED_LINES = [("K1", "2025-01-05", 100, None), ("K1", "2025-01-09", 30, "red"), ("K2", "2025-02-01", 80, None),
                ("K2", "2025-02-03", -5, "red"), ("K2", "2025-02-04", 7.5, "red"), ("K3", "2025-03-01", 50, None),
                ("K3", "2025-03-02", 20, "struck"), ("K3", "2025-03-09", 10, "red struck"),
                ("K4", "2025-04-01", 60, "hidden"), ("K4", "2025-04-02", 15, "dark red"),
                ("K4", "2025-04-03", 12, "row struck")]


def marked_xls() -> None:
    """``ledger_marks.xls``: a hand-kept ledger in the old binary format (Excel 97-2003, as WPS saves it too) whose
    returns are in red font and voided lines struck through, a title in B1 and the table from B3 (the header, 金额
    red; the first customer's name red); ``ledger_red_default.xls``: one whose every font is red (red marks nothing).
    Needs xlwt, not a kit dependency."""
    try:
        import xlwt
    except ImportError:
        print("ledger_marks.xls not rewritten: pip install xlwt to make it")
        return
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    sheet.write(0, 1, "2025年销售台账（手工）")
    red = xlwt.easyxf("font: colour red")
    fonts = {None: xlwt.Style.default_style, "hidden": xlwt.Style.default_style, "red": red,
             "dark red": xlwt.easyxf("font: colour dark_red"), "struck": xlwt.easyxf("font: struck_out on"),
             "red struck": xlwt.easyxf("font: colour red, struck_out on"),
             "row struck": xlwt.easyxf("font: struck_out on")}
    for col, name in enumerate(["客户", "日期", "金额", "备注"], 1):
        sheet.write(2, col, name, red if name == "金额" else xlwt.Style.default_style)
    for row, (customer, day, amount, mark) in enumerate(MARKED_LINES, 3):
        whole = fonts[mark] if mark == "row struck" else xlwt.Style.default_style
        sheet.write(row, 1, customer, red if row == 3 else whole)
        sheet.write(row, 2, day, whole)
        sheet.write(row, 3, amount, fonts[mark])
        if mark == "hidden":
            sheet.row(row).hidden = True
    sheet.row(8).set_cell_error(4, 0x2A)  # #N/A (xlwt knows it by its code alone)
    book.save(str(HERE / "ledger_marks.xls"))

    plain = xlwt.Formatting.Font.__init__

    def red_font(self):  # every font red, those of the Normal style and the default cell format among them
        plain(self)
        self.colour_index = 0x0A
    xlwt.Formatting.Font.__init__ = red_font
    try:
        book = xlwt.Workbook(encoding="utf-8")
        sheet = book.add_sheet("台账")
        style = xlwt.XFStyle()
        for row, values in enumerate([("客户", "日期", "金额"), ("K1", "2025-01-05", 100), ("K2", "2025-01-09", 30)]):
            for col, value in enumerate(values):
                sheet.write(row, col, value, style)
        book.save(str(HERE / "ledger_red_default.xls"))
    finally:
        xlwt.Formatting.Font.__init__ = plain


if __name__ == "__main__":
    main()
