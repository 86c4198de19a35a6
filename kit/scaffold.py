"""A starter params file for a client's export (``kit init``).

The first rows of the file are read the way a run reads them; each header is
matched against the names exports commonly use for each canonical column
(客户编码, Customer ID, 订单日期, InvoiceDate, 金额, Amount, ...), the latest
order date becomes ``period.as_of``, and a day/month date form is given a
``date_format`` when the sample shows which way round it is. The file written
is commented YAML that validates; the consultant checks the mapping and runs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import typing
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .clean import PLACE_KEPT, PLACE_SUFFIX, PLACES, YEAR_MONTH_AS_TYPED, YEAR_MONTH_TWO, scale_keeping
from .currency import (
    currency_code,
    is_currency_header,
    is_local_amount,
    is_twin_in_one_currency,
    local_twin,
    named_currency,
)
from .currency import currency_of as _currency_of
from .errors import DataError
from .io import (
    MERGED,
    MONEY_KEYS,
    SOURCE_ROW,
    SUMMARY_SHEET,
    date_parts_of,
    header_words,
    normalise_header,
)


def _filter_note(frame: pd.DataFrame, where: str | None, notes: list) -> None:
    """A note when the sheet read into ``frame`` hides rows by an active filter (:func:`kit.io.filter_said`): kit run
    counts them, as every hidden row, but the filter is the hint that the client meant those it shows (QA c85:
    2,242 of 3,000 rows hidden by 区域 = 华东, not a word from kit init)."""
    from .io import MERGED, filter_said

    said = {lang: filter_said(frame, lang) for lang in ("en", "zh")}
    if not said["en"]:
        return
    hidden = sum(1 for cell in frame.attrs.get(MERGED, ()) if cell[3] == "hidden")
    zh_where = where.replace("sheet ", "工作表 ") if where else "工作表"
    notes.append(Note(f"{where or 'the sheet'}: {hidden:,} rows are hidden, counted by kit run as the others; "
                      f"{said['en']}",
                      f"{zh_where}有 {hidden:,} 行是隐藏行，kit run 照常计入；{said['zh']}"))


def _copy_sheets(path: Path, names: list, frames: list[pd.DataFrame], columns: dict, by_sheet: dict,
                 date_format: str | None, notes: list) -> set[int]:
    """The sheets (positions in ``frames``, named ``names``) that ``kit run`` skips as copies of the others
    (:func:`kit.io.copy_sheets`: a month pasted twice, ``6月 (2)``), each said in a note with its rows (QA c97: the
    skip was said in a run's progress line only, while kit init said it read every row)."""
    from types import SimpleNamespace

    from .io import copy_sheets, sheets_said

    headers = {k: list(by_sheet.get(k) or []) or [v] for k, v in columns.items() if isinstance(v, str)}
    keys = SimpleNamespace(headers=lambda: headers)
    if not {"customer_id", "order_date"} <= set(headers) or not ({"amount"} <= set(headers)
                                                                  or {"quantity", "unit_price"} <= set(headers)):
        return set()
    data = SimpleNamespace(date_format=date_format, year=None, decimal=".")
    gone = copy_sheets([(f, f"{path.name} [{n}]") for f, n in zip(frames, names)], keys, data)
    for i, sources in sorted(gone):
        shown = sheets_said([repr(str(names[j])) for j in sources])
        rows = len(frames[i])
        notes.append(Note(
            f"sheet {str(names[i])!r} ({rows:,} rows) repeats the orders of sheet{'s' if len(sources) > 1 else ''} "
            f"{shown} (a copied sheet, or their summary?): kit run skips it, so that they count once, and lists its rows in the ledger "
            f"as dropped; if it holds other orders, list the sheets to read in data.sheet",
            f"工作表 {str(names[i])!r}（{rows:,} 行）的订单与工作表 {shown} 重复（复制的工作表，或其他工作表的汇总？）：kit run 将跳过它、只计一次，"
            f"其行在台账中列为“与其他工作表重复的工作表”；如它其实是另外的订单，请在 data.sheet 中列出要读取的工作表"))
    return {i for i, _ in gone}


#: Common Chinese surnames: a sheet named 张三 or 欧阳娜 is a person's (the first one or two characters).
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪"
                "范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂"
                "章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾"
                "尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞"
                "敖巩明佘池查麻苑迟邝") | {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯"}
#: Places and words a sheet is named by that are no person's, though they start with a surname (江苏, 华东, 安徽 ...).
_NOT_PEOPLE = re.compile(r"[0-9０-９月年季度部区组店省市县镇表账]|周[一二三四五六七日末]|[一二三四五六七八九十上下本]周|公司|汇总|合计|明细|客户|订单|销售|退货|数据|统计|全年|上半|下半|"
                         r"目录|说明|备注|模板|黄金|白银|白金|铂金|钻石|青铜|金卡|银卡|江南|江北|高新|华东|华南|华北|华中|华西|西南|西北|东北|江苏|江西|安徽|福建|贵州|云南|四川|吉林|"
                         r"黑龙江|辽宁|甘肃|青海|宁夏|新疆|西藏|内蒙|广西|海南|台湾|香港|澳门|湖南|湖北|河南|河北|山东|山西|陕西|"
                         r"广东|浙江|重庆|天津|北京|上海|杭州|苏州|常州|温州|武汉|长沙|成都|南京|宁波|合肥|石家庄|沈阳|大连|青岛|"
                         r"厦门|昆明|贵阳|兰州|太原")
#: Characters Chinese given names are commonly written with, and 三 四 五 of 张三 李四 王五, 总 of 张总 (a boss).
_GIVEN = set("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建文斌宇浩凯健俊帆帅旭宁龙林欣雪琳晨婷倩颖佳慧"
             "丹莉燕梅琴云莲真环荣爱妹香月凤洁素晶妍茜秋珊莎锦黛青婕蓉眉君蕊薇菁梦岚苑馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽"
             "琬茗羽希飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔妮宝贝初程恒鸿桦骅剑娇纪宽灵媚琪晴容睿烁唯威韦雯"
             "萱彦雨忠宗曼紫逸贤蝶菡翠轩东国民志海波永生春金新祥福清德宏成庆光良学山兵武力立峰亮飞彬鑫松岩振昌富贵财"
             "发顺利才进全安泰胜河正治伦博翔豪哲彤瑶璐琦怡涵语思雅嘉楠芯萌诗梓子一二三四五六七八九总工姐哥弟老仁义礼"
             "智信天地星辰汉斯维铭钧锋键坤乾晖炜煜熙然琛瑜璇媛婉娴淑惠蕾莹露霖泽润源洪涌浩瀚渊彪虎豹鹤凤麟杰俊英毅"
             "坚刚克勤俭朋友化腾幂俪")
#: A person's name as an English sheet writes it: two or three capitalised words (John Smith, Mary Ann Lee).
_ENGLISH_PERSON = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]*\.?){1,2}$")


#: Places a sheet may be named for, which read as a surname and a given name (安庆, 金华, 常德).
_PLACE_NAMES = frozenset(PLACES)


def people_sheets(names: Sequence[object]) -> bool:
    """Whether two or more sheets are named each for a person (张三, 欧阳娜, John Smith), as a hand-kept workbook with
    a sheet per salesperson is, rather than for months, years, regions or anything else (1月, 2025年, 华东, Q1)."""
    names = [str(n).strip() for n in names]
    if len(names) < 2 or len(set(names)) < len(names):
        return False

    def person(name: str) -> bool:
        if _ENGLISH_PERSON.match(name):
            return not re.search(r"(?i)\b(?:sales|orders?|returns?|summary|total|data|sheet|north|south|east|west|"
                                 r"q[1-4]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|inc|corp|co|ltd|llc|group|wines?|beers?|foods?|"
                                 r"stores?|shops?|online|retail|wholesale|key|accounts?|customers?|clients?|members?|new|"
                                 r"old|york|angeles|san|los|las|city|region|area|team|dept|department|branch|office|"
                                 r"products?|items?|list|report|export|gold|silver|bronze|platinum|vip|tier|level|week|"
                                 r"month|year|quarter|half|first|last|red|white|green|black|blue|street|road|avenue|lane|"
                                 r"alpha|beta|gamma|delta)\b", name)
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,5}", name) or _NOT_PEOPLE.search(name) or name in _PLACE_NAMES:
            return False  # (re-read: 安庆 | 安顺, 金华 | 金山 read as people)
        given = name[2:] if name[:2] in _SURNAMES else name[1:] if name[0] in _SURNAMES else ""
        given = re.sub(r"(?:经理|主任|总监|老师)$", "", given) or "总" if given else ""
        # the given name of characters names are given with (张伟, 李娜, 王五, 张总), not a product's or place's that
        # starts with a surname (review of fb: 牛奶 | 白糖, 方便面 | 马铃薯, 石油 | 柴油 were drafted as salespeople)
        return 1 <= len(given) <= 2 and all(c in _GIVEN for c in given)

    return all(person(name) for name in names)


class Note(str):
    """A note of ``kit init``: the English text, with its Chinese in :attr:`zh` (``kit init`` prints the draft's)."""

    zh: str

    def __new__(cls, en: str, zh: str) -> typing.Self:
        note = super().__new__(cls, en)
        note.zh = zh
        return note


def told(note: str, lang: str) -> str:
    """``note`` in ``lang`` (a plain text note is English only)."""
    return getattr(note, "zh", note) if lang == "zh" else str(note)

#: A sheet's name saying it holds returns (退货, 销售退回, Returns, Credit notes).
_RETURN_SHEET = re.compile(r"退货|退回|销退|退款|(?i:\breturns?\b|\bcredit\s*notes?\b)")

#: Rows read to guess from (the header is found among the first 30 lines as in a run).
SAMPLE_ROWS = 200_000

#: Canonical column -> header names seen in exports, most specific first (compared after normalise_header).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("客户编码", "客户编号", "客户代码", "客户id", "客户号", "医院编码", "医院编号", "终端编码", "终端编号",
                    "门店编码", "会员编号", "会员卡号", "会员id", "经销商编码", "经销商代码", "经销商编号", "往来单位编码",
                    "客商编码", "单位编码", "医院代码", "终端代码", "门店编号", "门店代码", "药店编码", "药店编号",
                    "商户编号", "商户号",
                    "顾客编号", "顾客编码", "顾客代码", "顾客id", "顾客号",  # Ta-Feng's original files: 顧客編號
                    "购货单位编码", "买家会员名", "买家id", "用户id", "下单帐号", "下单账号",
                    "买家账号", "买家帐号", "会员账号", "会员帐号", "客户网名", "买家网名",  # ERP order exports (聚水潭, 旺店通)
                    # 京东 POP's buyer account (QA qa13: not recognised, the masked 客户姓名 张** drafted, one customer)
                    "用户账号", "用户帐号", "客户账号", "客户帐号",
                    # a phone number before a nickname: WeChat shops' buyers share the nickname 微信用户 (QA: Youzan)
                    "买家手机号", "买家手机号码", "会员手机号", "下单手机号", "买家手机", "会员手机",  # 微店 writes 买家手机 (QA c134)
                    "买家昵称", "customer_unique_id", "customer id", "customerid",
                    "customer_id", "customer code", "customer no", "customer number", "cust no", "cust no.", "cust id",
                    "client id",
                    "household_key", "household key", "household_id", "household id",  # Dunnhumby's households
                    "account id", "buyer id", "member id", "user id", "user pseudo id",  # GA4 exports: user_pseudo_id
                    "member number", "member no", "membership number", "userid",  # the Groceries dataset's Member_number
                    "visitor id", "visitorid",  # Retail Rocket's events.csv
                    # accounting packages (Sage's A/C Ref, Xero's and QuickBooks' account numbers) and ERPs' sold-to
                    "a/c ref", "a/c no", "a/c code", "account ref", "account reference", "account number",
                    "account no", "account code", "acct no", "acct number", "customer ref", "customer account",
                    "sold-to party", "sold-to", "debtor code", "debtor no", "售达方", "售达方编号", "售达方代码",
                    "cardcode",  # SAP Business One's business partner (OINV.CardCode; QA: no customer drafted)
                    "customer", "client", "buyer", "客户",
                    # Sage 50's audit trail and customer activity: the account reference (QA: none drafted); after
                    # Customer, as a ledger's account code beside one is no customer (re-read)
                    "a/c",
                    "customer email", "customer_email", "buyer email", "email",
                    "username (buyer)", "buyer username",  # Shopee's orders (QA: no customer drafted)
                    # German, French, Spanish exports
                    "kundennummer", "kunden-nr", "kundennr", "kundennr.", "kunden-nr.", "kd.-nr.", "kdnr", "kunden nr",
                    "kunde", "debitor", "debitorennummer",
                    "auftraggeber", "auftraggebernummer", "auftraggeber-nr.",  # SAP's sold-to party (VBRK-KUNAG) in German
                    "numéro client", "n° client", "no client", "code client", "cliente", "id cliente",
                    # Japanese and Korean exports (QA: 得意先コード, 거래처코드 not recognised)
                    "得意先コード", "得意先cd", "得意先番号", "顧客コード", "顧客番号", "거래처코드", "고객코드", "고객번호",
                    # Portuguese (Brazil), Italian, Dutch exports
                    "código do cliente", "código cliente", "cod cliente", "cód cliente", "id do cliente", "cnpj",
                    "cpf/cnpj", "cpf", "codice cliente", "klantnummer", "klant"),
    "customer_name": ("客户名称", "客户名", "客户简称", "医院名称", "终端名称", "门店名称", "会员姓名", "会员名称",
                      "经销商名称", "往来单位",
                      "客商名称", "购货单位", "购进单位", "购买方名称", "售达方名称", "name of sold-to party", "sold-to party name", "customer name", "billing company", "billing name",
                      "company name", "bill to name", "associated company",  # HubSpot's deals
                      "contactname", "contact name",  # Xero's invoices: the customer's name, no code beside it
                      "potential customer",  # Dynamics 365's opportunities
                      "customer description",  # Stripe's payments: the customer's name beside Customer ID
                      "customername", "client name", "account name", "company", "kundenname", "firma", "nom client",
                      "nom du client", "raison sociale",
                      # the customer's word beside a column of its codes (客户 beside 客户编码; Kunde beside Kundennr.)
                      "客户", "kunde",
                      "name 1", "name1",  # SAP's customer master: Kunde, Name 1
                      "cardname",  # SAP Business One's business partner's name
                      "nombre cliente", "nome do cliente", "nome cliente", "razão social", "ragione sociale",
                      "klantnaam", "comprador",  # Mercado Libre's buyer
                      "得意先名", "顧客名", "거래처명", "고객명"),
    "order_date": ("订单日期", "下单日期", "开票日期", "销售日期", "交易日期", "单据日期", "业务日期", "发货日期", "出库日期", "日期",
                   "下单时间", "订单创建时间", "创建时间", "付款时间", "成交时间", "订单提交时间", "提交时间",
                   "order date", "orderdate", "order time", "ordertime", "order timestamp", "order datetime",
                   "invoicedate", "invoice date", "transaction date", "trans_date",
                   "transaction_dt", "transaction dt", "txn_date", "txn date",
                   "purchase date", "order_purchase_timestamp", "sale date", "date", "created at", "created_at",
                   "paid at", "paid_at", "paid time", "payment date", "支付时间", "付款日期",
                   "月份", "年月", "年月份", "销售年月", "流向年月", "业务年月", "统计年月", "销售月份", "流向月份",
                   "month", "belegdatum", "fakturadatum", "rechnungsdatum", "bestelldatum",
                   "auftragsdatum", "docdate",  # SAP Business One's posting date
                   "datum",
                   "date de facture", "date commande", "fecha", "fecha factura", "data do pedido", "data pedido",
                   "data da venda", "data de emissão", "data emissão", "data", "data ordine", "data fattura",
                   "orderdatum", "factuurdatum", "売上日", "売上日付", "伝票日付", "受注日", "注文日", "注文日付", "日付", "매출일자", "주문일자",
                   "거래일자",
                   # after every day's date: an export by month (Juni 2024), not a column of month numbers beside
                   # Belegdatum or Date de facture (review: drafted over them, no date read)
                   "monat", "mois"),
    # what the buyer paid comes before an order's total (Taobao: 买家实际支付金额, after coupons, beside 总金额)
    "amount": ("金额", "销售金额", "销售额", "实付金额", "实付款", "买家实际支付金额", "实际支付金额", "实收金额", "订单金额",
               "顾客实付", "顾客实付金额", "用户实付", "顾客实际支付",  # 美团外卖 and 饿了么: what the buyer paid
               "含税金额", "成交金额", "价税合计", "总金额", "金额(元)", "商品总价", "订单总价", "总价", "销售收入", "营业收入",
               "收入", "净值", "净额",  # SAP's 开票凭证清单 in Chinese: 净值 (net value) beside 税额
               "amount", "sales", "revenue", "sales amount", "order amount", "line total",
               "lineamount", "line amount",  # Xero's invoice lines: LineAmount beside the invoice's Total on each
               "linetotal",  # SAP Business One's INV1.LineTotal, after the line's discount
               # WooCommerce's order total, what the buyer paid, its refunds against it (beside Order Subtotal Amount,
               # which a header containing "amount" took: QA c74); after line totals, for a file of order lines
               "order total amount", "order total", "total amount",
               "total price",  # eBay's orders report: what the buyer paid for the order (Sold For is each unit's)
               "gross",  # PayPal's activity download: Gross beside Fee and Net (QA: Insurance Amount drafted)
               "tran_amount", "payment_value", "dollar_value", "dollar value", "spend", "value", "total",
               # an order header's goods before tax and freight, and what the customer owes with them (SQL Server's
               # SubTotal, TaxAmt, Freight, TotalDue: QA, no amount recognised); not an invoice list's Amount Due,
               # the balance still owed (0 once paid: review, drafted over Invoice Amount)
               "subtotal", "sub total", "sub_total", "total due", "totaldue", "betrag", "umsatz", "nettobetrag", "bruttobetrag", "netto",
               "brutto",
               "rechnungsbetrag", "nettowert", "bruttowert",  # SAP's billing documents (VF05): Nettowert
               "net value", "netvalue", "net value in document currency",  # ... in English (QA: amount not recognised)
               "montant", "montant ht", "montant ttc", "importe", "monto", "valor total",
               "ingresos por productos", "ingresos",  # Mercado Libre's Ventas: the goods sold, before its fees
               "valor do pedido", "total do pedido", "valor da venda", "valor", "importo", "totale", "bedrag",
               "金額", "売上金額", "売上高", "税抜金額", "売上", "税込金額", "금액", "매출금액", "매출액", "공급가액", "합계금액"),
    "order_id": ("订单号", "订单编号", "单号", "单据编号", "单据号", "发票号", "发票号码", "开票凭证", "发票凭证", "销售凭证", "数电票号码", "数电发票号码", "出库单号", "order id", "orderid", "docnum", "order reference", "order ref", "order ref.",
                 "order no", "order number", "invoice", "invoiceno", "invoice no", "invoice number", "invoicenumber",
                 "ordernumber", "orderno", "ordernum",  # one word: Kaggle's sales_data_sample.csv (ORDERNUMBER)
                 "order #", "order#", "invoice #", "invoice#",  # WooCommerce's Analytics export: Order #
                 # a sales order's number, headed in one word as SQL Server's tables write it (SalesOrderID: QA,
                 # no order ID drafted, two orders of a day counted as one)
                 "salesorderid", "sales order id", "sales order", "sales order no", "sales order number",
                 "salesordernumber",
                 "voucher no", "voucher no.", "voucher number", "vch no", "vch no.",  # Tally's registers
                 "document number",  # NetSuite's reports (Sales by Customer Detail)
                 "transaction id", "transactionid", "receipt id", "opportunity id", "deal id",  # a CRM's deals won
                 "basket_id", "basket id",  # Dunnhumby's baskets
                 "faktura", "fakturanummer", "fakturanr", "fakturanr.",  # SAP's billing document (Faktura)
                 "billing document", "billing doc", "billing doc.", "billing document number",  # ... in English
                 "rechnungsnummer", "rechnungsnr", "belegnummer", "belegnr",
                 "bestellnummer", "auftragsnummer", "numéro de facture", "n° facture", "factura", "número factura",
                 "# de venta", "n.º de venta", "nº de venta", "número de venta",  # Mercado Libre
                 "número do pedido", "nº pedido", "n° pedido", "pedido", "nota fiscal", "numero ordine",
                 "ordernummer", "factuurnummer", "伝票番号", "受注番号", "注文番号", "전표번호", "주문번호"),
    "discount": ("优惠金额", "折扣金额", "优惠", "折扣", "立减金额", "discount", "discount amount", "discounts",
                 "lineitem discount", "line discount", "coupon amount", "rabatt", "remise", "descuento",
                 "desconto", "sconto", "korting"),
    "refund": ("退款金额", "已退款金额", "退款额", "退款", "退货金额", "退货额", "退回金额", "refunded amount", "refund amount", "amount refunded",
               "refunded", "refund", "reembolso"),
    "quantity": ("数量", "销量", "销售数量", "quantity", "qty", "units", "menge", "anzahl", "quantité", "cantidad",
                 "unidades",  # Mercado Libre's Ventas (QA: the unit price drafted as each row's amount)
                 "quantidade", "qtd", "qtde", "quantità", "aantal"),
    "unit_price": ("单价", "含税单价", "unit price", "unitprice", "price", "unit_price", "lineitem price",
                   "line item price", "item price", "sale price", "selling price", "einzelpreis", "preis",
                   "prix unitaire", "precio unitario", "preço unitário", "valor unitário", "prezzo unitario"),
    "product": ("产品名称", "产品", "商品名称", "商品全名", "商品", "品名", "品种", "产品编码", "商品编码", "存货名称",
                "物料名称", "物料编码",  # 金蝶's 物料
                "存货全名", "存货编码",
                "product", "product name",
                "material", "material description", "material number",  # SAP's Material beside its Item, a line number
                "sku", "stockcode", "stock code", "item", "produto", "prodotto", "artikel"),
    "province": ("省份", "省", "province", "state", "customer state", "uf"),
    "city": ("城市", "市", "city", "cidade", "città"),
    "region": ("大区", "区域", "地区", "片区", "region", "area", "territory"),
    "level": ("医院等级", "等级", "客户等级", "level", "grade"),
    "beds": ("床位数", "床位", "beds"),
    "sales_rep": ("业务员", "销售代表", "代表", "负责人", "经手人", "sales rep", "salesperson", "sales person", "rep", "vendedor",
                  "representante"),
}

#: The amount after a discount column beside it is taken off (实收金额 beside 金额 and 折扣额): the amount, then.
_AFTER_DISCOUNT = {"实收金额", "实付金额", "实际金额", "折后金额", "实际支付金额", "实收", "实付款", "折后价"}

#: An online shop's goods total, before coupons and freight (有赞's 商品金额合计, 京东's 订单金额, 拼多多's 商品总价(元)) ...
_GOODS_TOTAL = re.compile(r"(商品|货品|貨品)(金额|金額|总价|總價|总额|總額)(合计|合計)?(\(元\))?|订单金额|訂單金額")
#: ... and what the buyer paid beside it (订单实付金额, 用户实付金额(元), 买家实际支付金额, 京东's 应付金额).
_SHOP_PAID = re.compile(r"(订单|訂單|用户|用戶|买家|買家|顾客|顧客)?(实付|實付|实际支付|實際支付|应付|應付)(金额|金額|款)?(\(元\))?")

#: ... though beside a column of what was paid so far (订单金额, 已付金额, 应付金额), 应付 is what is still owed.
#: 余额支付 (京东's part paid from the buyer's account balance) is a way of paying, no balance owed; so is 余额抵扣
#: (有赞, 微店: the balance offset against the order).
_PAID_SO_FAR = re.compile(r"已付|已收|预付|預付|定金|订金|已结|已結|未付|欠款|(?:余额|餘額)(?!支付|付|抵)")
_OWED = re.compile(r"应付|應付")

#: Names too general to look for inside a longer header ("freight value" is no amount): exact matches only.
EXACT_ONLY = {"value", "total", "gross", "ingresos", "item", "rep", "units", "company", "area", "grade", "level", "state", "price",
              "customer", "client", "buyer", "客户", "代表", "等级", "区域", "地区", "商品", "产品", "品种",
              "email", "月份", "month", "年月", "年月份", "收入", "refund", "refunded", "退款", "kunde", "datum", "preis", "firma", "cliente", "fecha", "factura", "debitor",
              "data", "valor", "pedido", "klant", "uf", "cpf", "totale", "produto", "name 1", "name1"}

#: Headers a "contains" match must not take for a column, though they hold its name: a discount or fee is no
#: amount ("折扣金额", "Sales Channel"), a manager no region ("大区经理").
NOT_CONTAINED = {
    # a product's category, class or brand (Ta Feng's PRODUCT_SUBCLASS, 商品类别): no product, PRODUCT_ID beside it is
    "product": re.compile(r"categor|class|group|family|brand|type|类别|分类|类目|品类|品牌|大类|中类|小类"),
    "amount": re.compile(r"优惠|折扣|立减|减免|运费|邮费|手续费|佣金|税额|退款|退货|退回|discount|fee|freight|shipping|tax|commission|"
                         r"refund|insurance|document|channel|region|office|person|team|\brep\b|\bid\b|\bno\b|number|code|date|"
                         r"rabatt|skonto|steuer|mwst|versand|remise|descuento|desconto|frete|imposto|unit[aá]rio|sconto|"
                         r"spedizione|korting|verzend",
                         re.IGNORECASE),
    # a discount code, rate or type is no amount taken off ("Discount Code", "折扣率", "优惠券码"), nor is an amount
    # or price after it ("折扣后金额", "Price After Discount"), a flag or a campaign ("Discount Applied", "优惠活动")
    "discount": re.compile(r"code|rate|percent|%|type|name|after|applied|flag|reason|campaign|promotion|description|"
                           r"码|率|类型|名称|后|是否|活动|原因|说明", re.IGNORECASE),
    **{key: re.compile(r"经理|负责人|主管|manager|head", re.IGNORECASE) for key in ("region", "province", "city")},
    # the user who entered or changed an order, a clerk, is no customer ("Created_By_UserID", "Staff Member Number"
    # beside Customer Name: review rvpub, the orders graded by the clerks who entered them)
    "customer_id": re.compile(r"created|creator|modified|updated|changed|operator|staff|employee|cashier|clerk|"
                              r"制单|创建|录入|操作|修改|审核|员工|职员|收银|业务员|营业员", re.IGNORECASE),
}

#: Every name above, for finding the header row among title lines.
_ALL_NAMES = [name for names in SYNONYMS.values() for name in names]
#: The headers known to name each column, as groups: blocks side by side whose headers differ by them only (2024年's
#: 日期, 2025年's 销售日期) are one table to kit init, which lists both in data.columns (QA c17).
_KNOWN = tuple(SYNONYMS.values())

#: The order the mapping is written in.
_KEYS = ("customer_id", "order_date", "amount", "order_id", "customer_name", "quantity", "unit_price", "refund",
         "discount",
         "product",
         "province", "city", "region", "level", "beds", "sales_rep")


@dataclass
class Draft:
    """What :func:`draft` found in a file, and the params text made from it."""

    columns: dict[str, str | list[str]]
    unused: list[str]
    missing: list[str]
    as_of: dt.date | None
    date_format: str | None
    language: str
    rows_seen: int
    no_id_share: float = 0.0
    by_name: int = 0  # sample order rows without a customer ID but with the customer's name: cleaning.blank_ids
    ambiguous: bool = False  # day/month dates no date of the file tells apart
    either: list[tuple[str, dt.date, dt.date]] = field(default_factory=list)  # (format, first, latest) each way
    date_example: str | None = None  # an ambiguous date, quoted in the params file
    date_choices: tuple[str, str] | None = None  # the day-first and month-first formats it may be read with
    year_month: str | None = None  # a 2025.1 of months typed year.month, January or October as nothing says
    customers: int = 0  # distinct customer IDs seen
    id_variants: list[str] = field(default_factory=list)  # IDs of one customer written two ways: "00123 / 123"
    padded_ids: bool = False  # most of them a file's codes zero-padded to one width, another's not: merge drafted
    positional: bool = False  # the file has no header row: columns named column_1, column_2 ... by position
    window_customers: int | None = None  # of them, with an order in the drafted window (None: not known)
    currency: str | None = None  # named by the money header or cells
    currency_from: str | None = None  # the currency column it was read from, if any
    currency_why: str | None = None  # why it was guessed otherwise (the country most rows are from)
    monthly: bool = False  # every date is the first of its month: a month per row (2025-03), each month whole
    first: dt.date | None = None  # the earliest order date (known when as_of is)
    notes: list[str] = field(default_factory=list)
    joins: list[tuple[Path, str]] = field(default_factory=list)  # files joined to the order lines, with their key
    exclude: dict[str, list[str]] = field(default_factory=dict)  # status column -> its values of cancelled orders
    #: status column -> its other values in the sample, which count as sales (said beside the exclusion drafted)
    exclude_kept: dict[str, list[str]] = field(default_factory=dict)
    charges: dict[str, list[str]] = field(default_factory=dict)  # item column -> its values of charges, not goods
    more: list[Path] = field(default_factory=list)  # further exports of the same orders (a file per month)
    wide_year: int | str | None = None  # a table with a column per month: the year of its months ("?": not known)
    returns_marked: dict[str, list[str]] = field(default_factory=dict)  # type column -> its values of returns
    fill_down: list[str] = field(default_factory=list)  # columns whose empty cells take the value above (data.fill_down)
    blocks_named: bool = False  # the lists of data.columns name the blocks side by side's headers, not sheets' (QA c17)
    #: the rows without a customer sit below rows naming each customer once, fill_down not drafted: no set-aside limit
    blanks_in_blocks: bool = False
    #: no customer column: the first customer a heading row (客户：北京协和医院) names above its orders, drafted as
    #: data.customer_headings (QA c14)
    customer_headings: str | None = None
    #: a CSV cell quoted over lines in the file's own shape: ("" or "other.csv, ", row, start, lines), drafted as
    #: data.quoted_line_breaks: "?"
    quoted_lines: tuple[str, int, str, int] | None = None
    #: the sheets ``sheet: all`` reads, each a person's (张三 | 李四): drafted ``sheet_as: sales_rep``
    sheet_people: list[str] | None = None
    return_sheets: list[str] = field(default_factory=list)  # sheets of returns written positive
    date_parts: tuple[str, str, str | None] | None = None  # (day, month, year) columns of a date over several
    red_amounts: int = 0  # positive amounts in red font (红字) the workbook's sample shows: cleaning.red_amounts
    struck_rows: int = 0  # lines whose amount is struck through (作废) the workbook's sample shows: cleaning.struck_rows
    thin: dt.date | None = None  # the window ends a month earlier than the latest order: that month is nearly empty
    named_year: int | None = None  # the year the file's (or sheet's) name gives: 2024年分区销售台账.xlsx
    title_unit: tuple[float, str] | None = None  # a unit the title block above the header names (单位：万元)
    unit_below: bool = False  # title_unit is from a note below the table (注：金额单位为万元), not from its title
    minor_units: bool = False  # whole amounts in the currency's minor unit (Stripe's API and Sigma: 19800 is $198.00)
    #: (factor, a cell) when the amounts are written to more decimals than money has, most under 1 (H&M's published
    #: prices, 0.024659): not money to the cent, which rounding each line to the cent would erase
    scaled_amounts: tuple[int, str] | None = None
    #: each money header's factor when the sheets writing one header name one unit and the headers differ in it
    #: (金额 under 单位：万元 on some sheets, 金额（元） on the others)
    header_units: dict[str, float] | None = None
    given_year: int | None = None  # the year drafted for dates written without one that no name gives (data.year)
    rolled_from: str | None = None  # given_year is the first sheet's of a ledger across a year end: "title" or "guess"
    given_from: str | None = None  # given_year from the title above the table ("title") or the dates writing one ("dates")
    other_title_year: int | None = None  # the title's year when given_year, the dates', differs from it (review)
    shared_orders: int = 0  # order IDs the samples of two or more of the files hold (a later export correcting one)
    repeated_totals: tuple[int, int] | None = None  # sample orders with the order's total on each line, of several
    #: (zone suggested or None, the dates' kind: "unix" or "zoned") when the dates are timestamps in UTC or date-times
    #: with an offset: data.time_zone drafted commented out, a zone suggested by the currency where it tells one
    time_zone_hint: tuple[str | None, str] | None = None
    walk_in: dict[str, list[str]] = field(default_factory=dict)  # customer column -> its values naming walk-in sales
    free_goods: dict[str, list[str]] = field(default_factory=dict)  # remark column -> its values naming gifts, samples
    # the nickname column drafted as the customer and its default names (微信用户) cleaning.exclude leaves out
    default_nicknames: tuple[str, list[str]] | None = None
    lines_file: Path | None = None  # a file given to join that holds several rows per key, drafted as data.path
    decimal: str | None = None  # data.decimal "," when no cell of euro or real amounts tells it (4.500)
    decimal_example: str | None = None  # such a cell
    #: (key, en, zh): the comment on the amount or credit line saying how a debit/credit pair is read (_credit_side)
    credit_said: tuple[str, str, str] | None = None
    #: (header, first, last) of a column of day numbers (Dunnhumby's DAY 1..711) drafted as the order date with
    #: data.date_format: day_number and data.day_one "?": the file gives no calendar date
    day_numbers: tuple[str, int, int] | None = None
    #: (the money column drafted as the amount, the count's median) when the column headed amount holds a count of
    #: items (Ta-Feng's AMOUNT), drafted as the quantity
    quantity_said: tuple[str, float] | None = None
    #: (sheet, key header, (flag header, its yes) or None, order IDs) of a workbook's sheet of returned orders not
    #: read (Superstore's Returns): cleaning.exclude drafted commented out with the IDs
    returned_orders: tuple[str, str, tuple[str, str] | None, list[str]] | None = None
    olist: str | None = None  # "items" or "orders": one of Olist's files given alone (_olist_file)
    #: billing type column -> the client's copies of SAP's standard types drafted (ZG2: G2), and under "" the
    #: invoices beside them (F2 / ZF2), said on the lines drafting them (:func:`sap_copies`)
    sap_copies: dict[str, dict[str, str]] = field(default_factory=dict)
    discount_percent: bool = False  # the discount_rate column's cells are whole percentages (15 for 15% off)
    #: a plain Discount of whole numbers left out as neither money nor percentages for sure (5, 10, 20: _unsure_discounts)
    discount_unsure: str | None = None
    #: an event log's session column (REES46's user_session) drafted as the order ID: a session's purchases, one order
    session_order: str | None = None
    #: canonical key -> (en, zh): the comment on its line in data.columns (what the amount drafted counts)
    line_said: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: headers in traditional characters (顧客編號: Taiwan, Hong Kong): the currency is asked, not taken for RMB
    traditional: bool = False
    #: (sub-customer, its top parent) of IDs written Parent : Child (NetSuite's sub-customers): a commented
    #: cleaning.same_customers grading each under its parent, the consultant's choice
    sub_customers: list[tuple[str, str]] = field(default_factory=list)
    #: "sub" for NetSuite's sub-customers, "contact" for a company's contact persons (Odoo's Company, Contact)
    sub_kind: str = "sub"
    text: str = ""

    @property
    def currency_open(self) -> bool:
        """Whether the draft leaves ``currency`` as ``"?"``: an English draft of an export that does not say it, or a
        Chinese one whose headers are in traditional characters (Taiwan's TWD, Hong Kong's HKD); a simplified Chinese
        one is in RMB unless it says otherwise."""
        return not self.currency and (self.language != "zh" or self.traditional)

    @property
    def as_of_known(self) -> bool:
        """Whether the drafted ``period.as_of`` is a date (with ambiguous dates: the same either way)."""
        if not self.ambiguous:
            return True
        ends = {_window_end(latest, False, self.monthly, first, year=self.named_year)[0]
                for _, first, latest in self.either}
        return len(ends) == 1


#: Headers of when a charge or payment was made (Stripe's API, Sigma and dashboard), taken for the order date only when
#: no header of :data:`SYNONYMS` names one, and only whole.
_CREATED = ("created", "created utc", "created (utc)", "created date", "created date (utc)", "created date utc")


#: A field of a base record written in brackets after it (金蝶云星空's 引出: 客户(编码), 客户(名称), 物料(名称)).
_BRACKETED_FIELD = re.compile(r"(.+?)\s*\(\s*(编码|编号|代码|名称|简称|全称)\s*\)")


def _field_in_brackets(header: str) -> str:
    """``header`` (as :func:`_norm` gives it) with a field in brackets joined to its record: 客户(编码) as 客户编码,
    as Kingdee's exports write a customer's code and name (QA cn: neither recognised); a unit (金额(元)) stays."""
    return _BRACKETED_FIELD.sub(r"\1\2", header) if _BRACKETED_FIELD.fullmatch(header) else header


#: A column of sales at one tax rate (Tally's Sales @18%, 销售收入13%): the sales split by rate over columns.
_AT_RATE = re.compile(r"(.+?)\s*@?\s*\d+(?:\.\d+)?\s*%")
#: A register's total of each line (Tally's Gross Total, 价税合计 in a register of rates).
_LINE_GROSS = ("gross total", "grand total", "total", "价税合计", "合计金额")


def _split_by_rate(amount, headers: list[str]) -> tuple[str, list[str]] | None:
    """(the line total's header, the rates' headers) when the amount drafted is a column of sales at a tax rate,
    one or one of several (Sales @5%, Sales @12%, Sales @18%: each line fills its rate's; QA: Tally's GST register
    graded on the lines at 5% alone; one rate drafts the total too, so both shapes grade with the tax) and a column
    totals each line (Gross Total); None otherwise."""
    if not isinstance(amount, str) or not (match := _AT_RATE.fullmatch(_norm(amount))):
        return None
    rates = [h for h in headers if (m := _AT_RATE.fullmatch(_norm(h))) and m.group(1) == match.group(1)]
    gross = next((h for name in _LINE_GROSS for h in headers if _norm(h) == name), None)
    return (gross, rates) if rates and gross is not None else None


def guess_columns(headers: list[str]) -> dict[str, str]:
    """Canonical name -> header: an exact synonym first, then a header that contains one (each header used once)."""
    normalised = {h: _field_in_brackets(_norm(h)) for h in headers}
    taken: set[str] = set()
    out: dict[str, str] = {}
    for exact in (True, False):
        for key in _KEYS:
            if key in out:
                continue
            for name in map(_norm, SYNONYMS[key]):
                if not exact and (name in EXACT_ONLY or len(name) < 2):
                    continue
                hits = [h for h, n in normalised.items() if h not in taken
                        and (n == name if exact else _contains(n, name)
                             and not (key in NOT_CONTAINED and NOT_CONTAINED[key].search(n)))]
                if hits:
                    out[key] = hits[0]
                    taken.add(hits[0])
                    break
    if "order_id" not in out and "transaction type" in normalised.values():
        # QuickBooks' reports (Sales by Customer Detail, Transaction List): each document's number under Num (QA qa13:
        # not drafted, two invoices of a customer's day counted as one order, orders 13% low)
        num = [h for h, n in normalised.items() if h not in taken and n in ("num", "no.", "no")]
        if num:
            out["order_id"] = num[0]
            taken.add(num[0])
    if "order_date" not in out:  # Stripe's charges and payments: created, the header of nothing better (review:
        # it beat paid_at and Posting Date, and took Created By's user names for dates)
        created = [h for h, n in normalised.items() if h not in taken and n in _CREATED]
        if created:
            out["order_date"] = created[0]
            taken.add(created[0])
    if "customer_id" not in out and "customer_name" not in out and "voucher type" in normalised.values():
        # Tally's registers (Sales Register, Day Book): the party's ledger under Particulars, beside Voucher Type
        # (QA: no customer drafted); elsewhere Particulars may be the goods, as an invoice writes them
        party = [h for h, n in normalised.items() if h not in taken and n == "particulars"]
        if party:
            out["customer_name"] = party[0]
            taken.add(party[0])
    if "customer_id" not in out:  # 经销商代码 beside 经销商名称: the code of whoever the name names
        free = [h for h in headers if h not in taken]
        if "customer_name" in out:
            paired = _code_beside_name(out["customer_name"], free)
            if paired:
                out["customer_id"] = paired
        else:  # one pair of a name and its code left over (代理商名称, 代理商代码): the customers
            pairs = [(h, code) for h in free if _NAME_ENDS.search(_norm(h)) and not _NOT_CUSTOMER.search(_norm(h))
                     and (code := _code_beside_name(h, free))]
            if len(pairs) == 1:
                out["customer_name"], out["customer_id"] = pairs[0]
            else:  # one name column left over and nothing else naming the buyer (bikeshop_name): the customers
                names = [h for h in free if _NAME_ENDS.search(_norm(h)) and not _NOT_CUSTOMER.search(_norm(h))
                         and not _PLACE.search(_norm(h)) and not _NOT_BUYER.search(_norm(h))]
                if not pairs and len(names) == 1:
                    out["customer_name"] = names[0]
    name, code = out.get("customer_name"), out.get("customer_id")
    if name is not None and code is not None and name != code:
        # the ID and the name of two parties (a flow's 经销商代码 beside 终端名称, 终端代码): the code of the name, so
        # that one customer's code and name go together (QA cn: terminals graded under their distributor's code)
        paired = _code_beside_name(name, [h for h in headers if h == code or h not in out.values()])
        stem = _code_stem(code)
        if paired is not None and paired != code:
            if stem in _CUSTOMER_STEMS:  # 客户编码 names the customer: the name of another party (门店名称, 门店编码
                del out["customer_name"]  # beside it) is none of its (review rcn: stores graded, not customers)
            else:
                out["customer_id"] = paired
        elif paired is None and stem and stem not in _CUSTOMER_STEMS and any(
                h != name and _NAME_ENDS.search(_norm(h)) and _NAME_ENDS.sub("", _norm(h)).strip() == stem
                for h in headers):
            # the code's own name beside it (经销商代码, 经销商名称) and the name of another party with no code (终端名称):
            # that party by its name (review rcn: distributors graded, each under a terminal's name)
            out["customer_id"] = name
    name, code = out.get("customer_name"), out.get("customer_id")
    if name is not None and code is not None and name != code and (stem := _code_stem(code)):
        # a POS export's 会员卡号 beside 会员姓名 and the store's 门店名称: the member's name, not the store's (QA: every
        # sale without a card graded under the store's name, as one customer)
        def named(header: str) -> str:
            return _NAME_ENDS.sub("", _norm(header)).strip() if _NAME_ENDS.search(_norm(header)) else ""

        if not (own := named(name)) or not stem.startswith(own):
            same = [h for h in headers if h not in out.values() and len(named(h)) >= 2 and stem.startswith(named(h))]
            if same:
                out["customer_name"] = same[0]
            elif _PEOPLE.search(stem) and _SHOP.search(own):  # 会员卡号 beside 门店名称 alone: no member's name (QA:
                del out["customer_name"]  # the store's drafted, every sale without a card graded under it)
    if "customer_id" not in out and "customer_name" not in out and {"from email address", "to email address"} <= set(
            normalised.values()):
        # PayPal's activity download: Name is the other party's, the buyer's on a payment and on its refund alike;
        # From Email Address is the buyer's on a payment but the merchant's on a refund (QA: no customer drafted)
        party = [h for h, n in normalised.items() if h not in taken and n == "name"]
        if party:
            out["customer_id"] = party[0]
            taken.add(party[0])
    if _norm(out.get("customer_id", "")) == "a/c":  # Sage 50: A/C beside Name, each transaction's reference Ref
        for key, header in (("customer_name", "name"), ("order_id", "ref")):
            found = [h for h, n in normalised.items() if h not in taken and n == header]
            if found and key not in out:
                out[key] = found[0]
                taken.add(found[0])
    if "customer_id" not in out and "customer_name" in out:  # names only (a hand-kept ledger): the name is the ID
        out["customer_id"] = out["customer_name"]
    if out.get("amount") in ("金额", "金額") and "discount" in out:  # 金额 = 数量 × 单价, then 折扣额, then what was paid
        paid = next((h for h in headers if _norm(h) in _AFTER_DISCOUNT and h not in out.values()), None)
        if paid is not None:  # QA: 金额 beside 折扣额 and 实收金额 drafted, revenue 7% high
            out["amount"] = paid
    if out.get("amount") is not None and _GOODS_TOTAL.fullmatch(_norm(out["amount"])):
        # an online shop's goods total (有赞's 商品金额合计, 京东's 订单金额) is before its coupons and freight; what the
        # buyer paid is beside it (订单实付金额, 应付金额; QA c120, c122: revenue 4.0% and 1.9% high)
        owed = any(_PAID_SO_FAR.search(_norm(h)) for h in headers)  # 已付金额 beside: 应付 is the balance still due
        paid = next((h for h in headers if _SHOP_PAID.fullmatch(_norm(h)) and h not in out.values()
                     and not (owed and _OWED.search(_norm(h)))), None)
        if paid is not None:
            out["amount"] = paid
            out.pop("discount", None)
    norms = set(normalised.values())
    if "amount" not in out and _norm(out.get("unit_price", "")) == "item price" and "amazon order id" in norms:
        # Amazon's order reports: item-price is the line's price for its quantity (QA: × quantity, 2.35 times)
        out["amount"] = out.pop("unit_price")
    gross = out.get("amount")
    if gross is not None and _norm(gross) == "gross" and {"net", "tax"} <= set(normalised.values()) and not any(
            _FEE_HEADER.search(n) for n in normalised.values()):  # Sage 50's Net, Tax, Gross: the sales net of VAT,
        out["amount"] = next(h for h, n in normalised.items() if n == "net")  # as its turnover is (QA: with VAT);
        gross = out["amount"]  # PayPal's Gross beside Fee and Net is what the buyer paid, kept, and a settlement's
        # Gross beside Fees or Commission too, its Net being paid out after them (review: Net drafted)
    if gross is not None and _norm(gross) == "gross sales":  # Square: Gross Sales is before its Discounts
        net = next((h for h in headers if _norm(h) == "net sales" and h not in out.values()), None)
        if net is not None:  # QA: Gross Sales drafted, with a note calling it after the discount, revenue 1.5% high
            out["amount"] = net
            out.pop("discount", None)
    for key in ("amount", "unit_price"):  # U8: 本币无税金额 (every row in yuan) beside 原币无税金额 (each its 币种's)
        local = out.get(key, "").replace("原币", "本币")
        if local != out.get(key, "") and local in headers and local not in out.values():
            out[key] = local
        # K3 Cloud: 价税合计 (each line in its 币别's currency) beside 价税合计(本位币) (every line in yuan; QA c92)
        twin = local_twin(out.get(key), headers)
        # a twin naming one currency (金额(RMB) beside 金额) only beside a column naming each line's (币别): without
        # one, 金额 is the file's own amount and 金额(USD) may be a conversion for someone else
        if twin and twin not in out.values() and (is_local_amount(twin) or any(is_currency_header(str(h))
                                                                              for h in headers)):
            out[key] = twin
    pair = debit_credit_pair(headers)
    if pair and out.get("amount") in (None, *pair) and not set(pair) & {v for k, v in out.items() if k != "amount"}:
        # a sale in Debit, a credit note in Credit, the other cell blank (QA: only Debit read, 6.8% of lines set
        # aside); whether the credit side is returns or payments received is decided by draft() (_credit_side)
        out["amount"], out["credit"] = pair
    return {k: out[k] for k in (*_KEYS[:3], "credit", *_KEYS[3:]) if k in out}


#: The debit and the credit column of a ledger or journal (Debit / Credit, Dr / Cr, Debit Amount, 借方 / 贷方,
#: 借方金额, 借方发生额, 本期借方), a unit in brackets allowed (借方金额（元）, Debit (USD)).
_UNIT = r"\s*([(（][^)）]{0,12}[)）])?"
_DEBIT = re.compile(rf"(本期|本月|本年)?借方(金额|发生额|发生|本币|本位币)?{_UNIT}|"
                    # a customer statement's (往来对账单) period columns: 本期应收 beside 本期收款 (QA cn: neither read)
                    rf"(本期|本月|本年)(应收|應收|增加)(金额|金額|发生额)?{_UNIT}|"
                    rf"(debits?|dr\.?)(\s*(amount|amt|value|total|\(?lc\)?|local))?{_UNIT}")
_CREDIT = re.compile(rf"(本期|本月|本年)?贷方(金额|发生额|发生|本币|本位币)?{_UNIT}|"
                     rf"(本期|本月|本年)(收款|回款|已收|实收|實收|减少|減少)(金额|金額|发生额)?{_UNIT}|"
                     rf"(credits?|cr\.?)(\s*(amount|amt|value|total|\(?lc\)?|local))?{_UNIT}")


def debit_credit_pair(headers: Sequence[str]) -> tuple[str, str] | None:
    """The headers of a debit and a credit column (:data:`_DEBIT`, :data:`_CREDIT`), one of each, or None."""
    debits = [h for h in headers if _DEBIT.fullmatch(_norm(str(h)))]
    credits = [h for h in headers if _CREDIT.fullmatch(_norm(str(h)))]
    return (debits[0], credits[0]) if len(debits) == 1 and len(credits) == 1 else None


#: A name column left over that names no buyer: a category, brand, channel, payment method or carrier (review:
#: category_name was graded as the customers).
_NOT_BUYER = re.compile(r"categor|brand|channel|payment|method|carrier|courier|campaign|promotion|coupon|"
                        r"类别|类目|分类|品牌|渠道|支付|付款|方式|快递|物流|承运|活动|优惠")


#: What a code column is called beside a name column (经销商名称 and 经销商代码; Dealer name and Dealer code).
_NAME_ENDS = re.compile(r"(名称|名字|姓名|名| name)$")
_CODE_ENDS = ("编码", "代码", "编号", "号码", "号", "id", "代号", " code", " id", " no", " number", " key")


#: Stems of name/code pairs that name no customer: materials, stock, products, warehouses, suppliers, staff.
_NOT_CUSTOMER = re.compile(r"物料|存货|产品|商品|货品|品种|品名|仓库|库房|供应商|厂家|厂商|部门|员工|职员|业务员|项目|科目|批号|"
                           r"material|item|product|sku|warehouse|supplier|vendor|department|employee|staff|project")


#: A column of fees or commission taken off a payment (PayPal's Fee, a marketplace settlement's Fees, Commission):
#: beside it, Net is what was paid out, not the sales net of tax.
_FEE_HEADER = re.compile(r"\bfees?\b|commission|手续费|佣金")

#: The stem of a shop's or store's name (门店名称, 店铺名称, Store Name): the seller's, not a member's.
_SHOP = re.compile(r"门店|店铺|店|商店|分店|卖场|超市|store|shop|outlet|branch", re.IGNORECASE)

#: Names of places, not of customers (city_name, 省份名称).
_PLACE = re.compile(r"城市|省|地区|区域|国家|city|state|region|country|province|county|district")


def _names_a_customer(header: str) -> bool:
    """Whether ``header`` holds a customer synonym (客户名称, Customer, 会员, buyer ...), as :func:`guess_columns`
    matches them."""
    norm = _norm(header)
    return any(norm == name or (name not in EXACT_ONLY and len(name) >= 2 and _contains(norm, name))
               for key in ("customer_id", "customer_name") for name in map(_norm, SYNONYMS[key]))


#: Stems of a code naming the customer itself (客户编码): kept beside the name of another party.
_CUSTOMER_STEMS = frozenset({"客户", "客戶", "customer", "client"})


def _code_stem(code_header: str) -> str:
    """What ``code_header`` is the code of (经销商代码 -> 经销商), or '' when it ends in no code word."""
    norm = _norm(code_header)
    for end in sorted(_CODE_ENDS, key=len, reverse=True):
        if norm.endswith(end.strip()) and len(norm) > len(end.strip()):
            return norm[:-len(end.strip())].strip()
    return ""


def _code_beside_name(name_header: str, headers: list[str]) -> str | None:
    """The header naming the code of what ``name_header`` names (客户名称 -> 客户代码), if one of ``headers`` does."""
    stem = _NAME_ENDS.sub("", _norm(name_header)).strip()
    if not stem:
        return None
    wanted = {stem + end for end in _CODE_ENDS} | {stem + end.strip() for end in _CODE_ENDS}
    hits = [h for h in headers if _norm(h) in wanted]
    return hits[0] if hits else None


#: The names of the columns of a file without a header row (:data:`kit.io.NO_HEADER`).
_POSITIONAL = re.compile(r"column_[0-9]+")


def guess_columns_by_content(frame: pd.DataFrame, headers: list[str]) -> dict[str, str]:
    """Canonical name -> column of a file without a header row, from the cells of its first rows: the order
    date is the column whose cells read as dates, the amount the last one of decimal numbers, the customer ID
    the first other column whose values repeat (customers buy more than once) or are codes."""
    from .clean import parse_amount, parse_date

    out: dict[str, str] = {}
    numbers: list[str] = []
    stamps: list[str] = []  # digits alone that read as date-times (20240305101500): order numbers as often as dates
    for header in headers:
        cells = frame[header].astype("string").str.strip()
        cells = cells[cells.notna() & (cells != "")].head(2000)
        if cells.empty:
            continue
        if "order_date" not in out and parse_date(cells).notna().mean() >= 0.95:
            if cells.str.fullmatch(r"\d{12}|\d{14}").mean() >= 0.5:
                stamps.append(header)
            else:
                out["order_date"] = header
        elif parse_amount(cells).notna().mean() >= 0.95 and cells.str.contains(".", regex=False).mean() >= 0.5:
            numbers.append(header)  # decimals: money
    if "order_date" not in out and stamps:
        out["order_date"] = stamps[0]
    if numbers:
        out["amount"] = numbers[-1]
    candidates = []
    for header in headers:
        if header in out.values() or header in numbers:
            continue
        if "order_date" not in out and _timestamp_column(frame, [header], {}):  # Unix time: the date, drafted so by
            continue  # draft() (QA: a headerless clickstream's 1511572885 taken for its customers)
        cells = frame[header].astype("string").str.strip().dropna().head(2000)
        if len(cells) and (cells.nunique() < len(cells) or cells.str.match(r"0\d").mean() >= 0.5):
            candidates.append((header, cells))
    # of the columns that repeat, the one of fewest values: an order of two lines repeats its number too (QA c138:
    # XS00012 taken before the customer's 000123, 1,017 "customers" for 60); a status, a unit or a quantity (small
    # whole numbers) repeats more and names no one
    named = [(header, cells) for header, cells in candidates
             if cells.nunique() > 10 and not cells.str.fullmatch(r"-?(?:0|[1-9]\d{0,3})").all()]
    # an order's number repeats on its lines alone, one after another, in runs of a few lines; a customer's comes
    # back later. Of the rest, the first: fewest values took a salesperson's 12 names or a product's 20 before
    # the 60 customers beside them
    buyers = [(header, cells) for header, cells in named if not _in_short_runs(cells)]
    # a customer's salesperson, region or group is one value for each of the customer's rows, and fewer values than
    # customers: a column another of more values gives is the other's attribute (QA: 12 salespeople before the 60
    # customers they serve were taken for the customer)
    # customers: an order number not in runs (lines sorted by product) gives its customer too, but on one day alone
    dates = frame[out["order_date"]].astype("string").str.strip() if "order_date" in out else None
    keys = [cells for _, cells in buyers if dates is None or _on_several_days(cells, dates)]
    # customers: a column of at least half as many values again (a salesperson serves several customers; a code
    # whose customer's name is written two ways, 北京协和医院 and 协和医院, is the customer, not the name's attribute)
    buyers = [header for header, cells in buyers
              if not any(other.nunique() >= 1.5 * cells.nunique() and _gives(other, cells) for other in keys)]
    if buyers or named:
        out["customer_id"] = (buyers or [header for header, _ in named])[0]
    elif candidates:
        out["customer_id"] = candidates[0][0]
    return {k: out[k] for k in _KEYS if k in out}


def _gives(key: pd.Series, value: pd.Series) -> bool:
    """Whether each value of ``key`` comes with one value of ``value`` on its rows (both cells of the same rows, by
    index), on 90% of the rows or more (each key's most frequent value): ``value`` is an attribute of ``key``, as a
    customer's salesperson, though a few customers changed salesperson during the year (one in ten customers with
    two took the salesperson for the customer again when 95% of the customers had to have one alone)."""
    both = pd.DataFrame({"key": key, "value": value}).dropna()
    if both.empty:
        return False
    usual = both.groupby(["key", "value"]).size().groupby(level=0).max().sum()
    return bool(usual >= 0.9 * len(both))


def _on_several_days(cells: pd.Series, dates: pd.Series) -> bool:
    """Whether a fifth or more of the values of ``cells`` are on rows of two days or more (``dates``, by index): a
    customer's code comes back on later days, an order's number is on its day alone."""
    both = pd.DataFrame({"key": cells, "day": dates.reindex(cells.index)}).dropna()
    return not both.empty and bool((both.groupby("key")["day"].nunique() > 1).mean() >= 0.2)


def _in_short_runs(cells: pd.Series) -> bool:
    """Each value of ``cells`` on rows one after another, a few at a time (3 or fewer on average): an order's
    number on its lines, not a customer's, who comes back in later orders."""
    values = cells.reset_index(drop=True)
    runs = int(values.ne(values.shift()).fillna(True).sum())
    return runs == values.nunique() and len(values) <= 3 * runs


_norm = header_words  # a header as compared (kit.io.header_words)


def _contains(header: str, name: str) -> bool:
    """``name`` inside ``header``: as a word for Latin names (``order date`` in ``order date (local)``)."""
    if re.search(r"[a-z]", name):
        return re.search(rf"(^|[^a-z]){re.escape(name)}($|[^a-z])", header) is not None
    return name in header


def sample(path: Path, *, sheet=0, encoding: str | None = None) -> pd.DataFrame:
    """Up to :data:`SAMPLE_ROWS` rows of an order file (a workbook's sheet: all of it), read as a run reads it
    (header found, cells as stored)."""
    from .io import (
        FIXED,
        NO_HEADER,
        SPACES,
        _csv_layout,
        _open_at_record,
        column_names,
        header_names,
        pandas_sep,
        parser_error,
        read_table,
    )

    suffix = path.suffix.lower()
    if not path.is_file():
        raise DataError(key="e_no_file", file=str(path))
    if path.stat().st_size == 0:  # in the export's language (QA: English for 金蝶销售出库.csv)
        raise DataError(key="e_empty_file", file=path.name)
    if suffix in (".csv", ".tsv", ".txt"):
        # pandas reads just the first rows; Arrow's streaming reader, left half-read on a GBK file, would
        # hang the interpreter's exit. The header is the row holding the most known column names.
        enc, delimiter, header = _csv_layout(path, encoding=encoding, header_row=None, expected=_ALL_NAMES)
        # without a header row, or lined up with spaces (names may hold one): the names read as a run reads them
        if delimiter == FIXED:  # a fixed-width report: cut as a run cuts it
            from .io import csv_chunks

            frame = next(csv_chunks(path, encoding=enc, expected=_ALL_NAMES, rows=SAMPLE_ROWS))
            frame.columns = header_names(frame.columns)
            return frame
        names = column_names(path, enc, delimiter, header) if header == NO_HEADER or delimiter == SPACES else None
        try:
            with _open_at_record(path, enc, delimiter, header + 1 if names else header) as handle:
                frame = pd.read_csv(handle, sep=pandas_sep(delimiter), nrows=SAMPLE_ROWS, dtype=str,
                                    keep_default_na=False, skip_blank_lines=False,
                                    header=None if names else "infer", names=names)
        except pd.errors.EmptyDataError:
            raise DataError(f"{path.name}: the file has no header or rows") from None
        except pd.errors.ParserError as exc:
            raise parser_error(path, exc, enc, delimiter, header, header=not names) from None
        except UnicodeDecodeError:
            from .io import encoding_after_error

            raise encoding_after_error(path, enc) from None
        # trimmed, as a run names them: 'Amount' and 'Amount ' are Amount and Amount.1 (re-read: two columns named
        # Amount stopped kit init with a traceback)
        frame.columns = header_names(frame.columns)
        frame.insert(0, SOURCE_ROW, range(header + 2, header + 2 + len(frame)))
        import pyarrow as pa

        from .io import _stop_if_swallowed

        # a quote opened and closed rows later: said here as a run says it, not drafted over rows read as one cell
        _stop_if_swallowed(path, enc, pa.Table.from_pandas(frame, preserve_index=False), delimiter)
        return frame
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            first = next(pq.ParquetFile(path).iter_batches(batch_size=SAMPLE_ROWS), None)
        except Exception as exc:
            raise DataError(f"{path.name}: not a readable Parquet file ({type(exc).__name__})") from None
        if first is None:
            raise DataError(f"{path.name}: the file has no rows")
        frame = first.to_pandas()
        frame.insert(0, SOURCE_ROW, range(2, len(frame) + 2))
        return frame
    # a workbook is read whole anyway: all its rows (the caller takes the sample), for the latest order date
    return read_table(path, sheet=sheet, encoding=encoding, expected=_ALL_NAMES, synonyms=_KNOWN)


def _date_format(values: pd.Series, year: int | None = None) -> tuple[str | None, tuple[str, str, str] | None]:
    """(``roc`` or ``unix``, None) for ROC (民國) dates or Unix timestamps (:func:`kit.clean.date_form`);
    (strptime format, None) for day/month text dates in ``values`` that show which way round they are, or
    that are written year first (``24.3.25``: :func:`kit.clean.year_first`, with ``year`` the one the file's or
    sheet's name gives and the years of the other dates); (None, (example, day-first format, month-first format))
    when none of them tells; (None, None) when there are no such dates."""
    from .clean import THREE_FIGURES, ambiguous_dates, date_form, parse_date, year_first

    form = date_form(values)
    if form:  # 114/03/05 (民國) or 1756539474: a word of data.date_format reads them, no strptime format
        return form, None
    text = values.dropna().astype(str).str.strip()
    unclear = ambiguous_dates(text).to_numpy()
    figures = text.str.fullmatch(THREE_FIGURES).to_numpy(dtype=bool)
    if figures.any():  # 24.3.5 too, which no day/month reading takes (its year would be 5)
        known = set(parse_date(text[~(unclear | figures)]).dt.year.dropna().astype(int)) | ({year} if year else set())
        form = year_first(text[figures], known)
        if form:
            return form, None
    text = text[unclear]
    if text.empty:
        return None, None
    parts = text.str.extract(r"^(\d{1,2})([/.\-])(\d{1,2})[/.\-](\d{2,4})")
    first, second = pd.to_numeric(parts[0]), pd.to_numeric(parts[2])
    sep = parts[1].iloc[0]
    year = "%Y" if len(str(parts[3].iloc[0])) == 4 else "%y"
    if (first > 12).any() and not (second > 12).any():
        return f"%d{sep}%m{sep}{year}", None
    if (second > 12).any() and not (first > 12).any():
        return f"%m{sep}%d{sep}{year}", None
    both = text[((first <= 12) & (second <= 12)).fillna(False).to_numpy()]  # an example that reads both ways
    if len(both):
        example = repr(both.iloc[0])
    else:  # no date reads both ways, but some read only day first and others only month first
        example = f"{text[(first > 12).to_numpy()].iloc[0]!r} beside {text[(second > 12).to_numpy()].iloc[0]!r}"
    return None, (example, f"%d{sep}%m{sep}{year}", f"%m{sep}%d{sep}{year}")


def _either_way(values: pd.Series, formats: tuple[str, str]) -> list[tuple[str, dt.date, dt.date]]:
    """(format, first and latest order date) for each way of reading ambiguous ``values`` that reads some."""
    from .clean import parse_dates_with_format

    out = []
    for form in formats:
        days = parse_dates_with_format(values.reset_index(drop=True), form)
        days = days[days <= pd.Timestamp(dt.date.today())]
        if days.notna().any():
            out.append((form, days.min().date(), days.max().date()))
    return out


def _missing(columns: dict[str, str]) -> list[str]:
    """The key columns not recognised (the amount, or quantity and unit price). A quantity without a unit price asks
    for the amount, the line's money, not a unit price (QA pub: Ta-Feng's 數量 beside 銷售價, the line's total,
    asked for unit_price, which counts quantity × the line's total); the amount line's comment offers unit_price."""
    needed = ["customer_id", "order_date"] + (["quantity", "unit_price"] if "amount" not in columns
                                               and "unit_price" in columns else ["amount"])
    return [k for k in needed if k not in columns]


def _visible_sheets(path: Path) -> list[str]:
    """A workbook's visible sheets, as ``sheet: all`` reads them (none for other files)."""
    from .io import EXCEL_SUFFIXES, workbook_sheets

    if path.suffix.lower() not in EXCEL_SUFFIXES:
        return []
    try:
        return [name for name, visible in workbook_sheets(path).items() if visible]
    except DataError:
        return []  # the reader names the problem when the sample is read


def _note_sheet_per_customer(path: Path, sheet: str, visible: list[str], headers: list[str], notes: list,
                             sheet_headers: dict[str, list[str]]) -> None:
    """A note when the workbook's other sheets hold the drafted sheet's columns and none names the customer: a
    sheet per customer (往来明细 by customer, QA), which the kit cannot grade until the sheets are one table.
    ``sheet_headers``: the headers of sheets already read, which are not read again."""
    from .io import read_table

    alike = [sheet]
    for name in [n for n in visible if n != sheet][:20]:
        if name in sheet_headers:
            read = sheet_headers[name]
        else:
            try:
                read = [str(c) for c in read_table(path, sheet=name, expected=_ALL_NAMES, synonyms=_KNOWN).columns if c != SOURCE_ROW]
            except DataError:
                continue
        named = [c for c in read if not c.startswith("Unnamed: ")]
        if named == [str(h) for h in headers if not str(h).startswith("Unnamed: ")]:
            alike.append(name)
    if len(alike) < 2:
        return
    shown = ", ".join(map(str, alike[:3])) + (" …" if len(alike) > 3 else "")
    notes.append(Note(f"{len(alike)} sheets of the workbook ({shown}) hold the same columns and none names the "
                      f"customer: if each sheet is one customer's, put them into one sheet with a column naming "
                      f"the customer (the sheet's name) and run kit init on that; as drafted, only {sheet!r} is read",
                      f"工作簿中有 {len(alike)} 张表（{'、'.join(map(str, alike[:3]))}{' …' if len(alike) > 3 else ''}）"
                      f"的列相同，且都没有客户列：如每张表是一个客户的明细，请把各表合并为一张表，并加一列写明客户"
                      f"（即表名），再对合并后的表运行 kit init；按现在的起草只读取 {sheet!r}"))


def _order_sheets(path: Path, names: list[str]
                  ) -> tuple[list[str], str | None, dict[str, pd.DataFrame], dict[str, list[str]]]:
    """The sheets among ``names`` whose headers hold the key columns (the customer's, or heading rows naming each
    customer: ``data.customer_headings``), the sheet that comes closest (the most key columns, then the most columns
    recognised; the first on ties), None for no sheet read, those sheets as read (a workbook is read once) and the
    headers of every sheet read."""
    from .io import customer_headings, read_table

    holding, scores, frames = [], {}, {}
    for name in names:
        try:
            frame = read_table(path, sheet=name, expected=_ALL_NAMES, synonyms=_KNOWN)
        except DataError:
            continue
        guess = guess_columns([str(c) for c in frame.columns])
        missing = _missing(guess)
        if "order_date" in missing and date_parts_of([str(c) for c in frame.columns]):  # 年 | 月 | 日: dated too
            missing = [m for m in missing if m != "order_date"]
        if missing == ["customer_id"] and customer_headings(frame):  # 客户：… above each block (sheets 上半年,
            missing = []  # 下半年: init drafted the first alone, the other's orders left out without a word)
        if not missing:
            holding.append(name)
        scores[name] = (-len(missing), len(guess))
        frames[name] = frame
    closest = max(scores, key=scores.get) if scores else None
    headers = {k: [str(c) for c in v.columns if c != SOURCE_ROW] for k, v in frames.items()}
    return holding, closest, {k: v for k, v in frames.items() if k in holding or k == closest}, headers


def _wide_sheets(closest: str | None, sheet_headers: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """The sheets laid out as ``closest`` is, a column per month and no date column (客户编码 | 1月 … 12月), the
    customer under the same header: a ledger by month kept a sheet per salesperson or region (QA c62), which
    ``sheet: all`` reads as one, as it reads sheets of orders (none unless two or more are); and the other sheets
    with a column per month, laid out otherwise."""
    from .wide import month_headers

    def layout(headers: list[str]) -> tuple | None:
        months = month_headers(headers)
        guess = guess_columns([h for h in headers if h not in months])
        if len(months) < 3 or "order_date" in guess or "customer_id" not in guess:
            return None
        return guess["customer_id"], tuple(months)

    layouts = {name: layout(headers) for name, headers in sheet_headers.items()}
    if closest is None or layouts.get(closest) is None:
        return [], []
    alike = [name for name, one in layouts.items() if one == layouts[closest]]
    apart = [name for name, one in layouts.items() if name not in alike and one is not None]
    # sheets named for different years (今年, 去年; 2024, 2025) are no salespeople: read together, a year's months
    # would add up with another's (review: 1.51 times)
    years = {word for name in alike for word in re.findall(r"今年|去年|前年|上年|本年|明年|当年|(?:19|20)\d{2}", str(name))}
    if len(years) > 1:
        return [], [name for name in [*alike, *apart] if name != closest]
    return (alike if len(alike) > 1 else []), apart


#: Characters a ``case`` keeps besides ASCII: Chinese characters, kana and Hangul syllables (as params.py allows).
_SLUG_KEPT = re.compile(r"[\u3041-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")


def _slug(text: str) -> str:
    """``case`` from a file name: lowercase letters, digits and Chinese characters (销售台账2025), kana and Hangul
    (매출현황-2025: QA c73 drafted 2025), '-' between."""
    kept = "".join(c if _SLUG_KEPT.match(c) else unicodedata.normalize("NFKD", c) for c in text)
    kept = "".join(c for c in kept if c.isascii() or _SLUG_KEPT.match(c))
    kept = unicodedata.normalize("NFC", kept)  # ｶﾞ read as カ and a sound mark, as ガ
    slug = re.sub(r"[^a-z0-9\u3041-\u30ff\u4e00-\u9fff\uac00-\ud7a3]+", "-", kept.lower()).strip("-")
    return slug[:40].strip("-") or "client"


def _copies_said(copies: dict[str, str], values: list[str], zh: bool) -> str:
    """The comment on a drafted line listing a client's copies of SAP's billing types (ZG2 read as G2), or ""."""
    read = [(v, copies[v]) for v in values if v in copies]
    if not read:
        return ""
    if zh:
        return (f"   # 假定 {'、'.join(f'{v} 即 {t}（{_SAP_KIND[t.lower()][1]}）' for v, t in read)}：客户复制的标准类型，"
                f"与发票 {copies['']} 同列；请向客户确认")
    return (f"   # assumed: {', '.join(f'{v} is {t} ({_SAP_KIND[t.lower()][0]})' for v, t in read)}, copied by the "
            f"client from SAP's standard types, beside the invoices {copies['']}; confirm with the client")


def _q(text: str) -> str:
    """A YAML double-quoted scalar for any text: JSON's escapes, and \\u escapes for what YAML will not print."""
    quoted = json.dumps(str(text), ensure_ascii=False)
    return re.sub("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _note_side_blocks(frame: pd.DataFrame, notes: list) -> None:
    """Says, in ``notes``, that the sheet read holds one table cut into blocks side by side (:data:`kit.io.BLOCKS`),
    read as one."""
    from .io import BESIDE, BLOCKS

    for where, headers in frame.attrs.get(BESIDE, ()):
        shown = ", ".join(headers)
        notes.append(Note(
            f"the sheet also holds another table beside this one, in {where} ({shown}), not read: to grade it "
            f"instead, put its headers in data.columns (the run reads the table holding them)",
            f"工作表中此表格旁边还有另一个表格（{where}：{shown}），未读取；如要改为对它分级，请在 data.columns 中填写它的表头"
            f"（运行时读取含有这些表头的表格）"))
    blocks = frame.attrs.get(BLOCKS)
    if not blocks:
        return
    where = [w for w, _ in blocks]
    rows = [f"{len(part):,}" for _, part in blocks]
    headers = ", ".join(str(c) for c in frame.columns if c != SOURCE_ROW)
    known = {_norm(name) for name in _ALL_NAMES}  # a 备注 added in 2025年's block is no other name of a column
    own = [[str(c) for c in part.columns if c != SOURCE_ROW and _norm(str(c)) in known] for _, part in blocks]
    shared = set.intersection(*(set(names) for names in own))
    if not all(set(names) <= shared for names in own):  # 日期 in 2024年's, 销售日期 in 2025年's (QA c17)
        named = "; ".join(f"{w.split(' ')[0]} {' / '.join(c for c in names if c not in shared)}"
                          for w, names in zip(where, own))
        notes.append(Note(
            f"the sheet {blocks.sheet!r} holds {len(blocks)} tables side by side whose headers differ by names of "
            f"the same columns ({named}): {', '.join(f'{w} ({n} rows)' for w, n in zip(where, rows))}; they are "
            f"read as one table, data.columns listing both names, each line going by its block in the cleaning "
            f"ledger, and the window runs to the latest date of them all. If a block is no orders of this case (a "
            f"plan, another company), cut it out of the sheet",
            f"工作表 {blocks.sheet!r} 中有 {len(blocks)} 个表格并排放置，表头只是同一列的写法不同（{named}）："
            f"{'、'.join(f'{w}（{n} 行）' for w, n in zip(where, rows))}；它们合并为一张表读取，data.columns 列出两种写法，"
            f"清洗台账中每行注明所在的列区，分级期间按全部表格中最近的日期确定。如某个表格不是本案的订单（计划、其他公司），"
            f"请把它从工作表中删去"))
        return
    notes.append(Note(
        f"the sheet {blocks.sheet!r} holds {len(blocks)} tables side by side under the same headers ({headers}): "
        f"{', '.join(f'{w} ({n} rows)' for w, n in zip(where, rows))}; they are read as one table, each line "
        f"going by its block in the cleaning ledger, and the window runs to the latest date of them all. If a block "
        f"is no orders of this case (a plan, another company), cut it out of the sheet",
        f"工作表 {blocks.sheet!r} 中有 {len(blocks)} 个表头相同（{headers}）的表格并排放置："
        f"{'、'.join(f'{w}（{n} 行）' for w, n in zip(where, rows))}；它们合并为一张表读取，清洗台账中每行注明所在的列区，"
        f"分级期间按全部表格中最近的日期确定。如某个表格不是本案的订单（计划、其他公司），请把它从工作表中删去"))


def _note_fixed_width(path: Path, encoding: str | None, notes: list) -> None:
    """Says, in ``notes``, that a text file is a fixed-width report (:data:`kit.io.FIXED`), and where its columns
    are cut."""
    from .io import FIXED, _csv_layout, _fixed_layout, fixed_width_names

    enc, delimiter, header = _csv_layout(path, encoding=encoding, header_row=None, expected=_ALL_NAMES)
    if delimiter != FIXED:
        return
    cuts = _fixed_layout(path, enc, header)
    names = fixed_width_names(path, enc, header)
    said = ", ".join(f"{name!r} from place {cut + 1}" for name, cut in zip(names, cuts))
    zh = "，".join(f"{name!r} 自第 {cut + 1} 格" for name, cut in zip(names, cuts))
    notes.append(Note(
        f"{path.name} is a fixed-width text report (columns lined up with blanks, header on line {header + 1}): "
        f"its columns are cut at {said}; page titles, rule lines (-----) and the header repeated on each page are "
        f"set aside in the cleaning ledger",
        f"{path.name} 是按空格对齐的定宽文本报表（表头在第 {header + 1} 行）：各列按位置切分：{zh}；"
        f"每页的标题、分隔线（-----）和重复的表头在清洗台账中单列"))


def _heading_cell(frame: pd.DataFrame) -> str:
    """The text of the first heading row naming a customer in ``frame`` (``客户：北京协和医院``), or ``""``."""
    from .io import heading_customers

    rows = frame.loc[heading_customers(frame).notna()].drop(columns=[SOURCE_ROW], errors="ignore")
    return next((str(cell).strip() for cell in ([] if rows.empty else rows.iloc[0].tolist())
                 if not pd.isna(cell) and str(cell).strip()), "")


def draft(path: Path, params_path: Path, *, sheet=None, encoding: str | None = None, language: str | None = None,
          joins: Sequence[Path] = (), more: Sequence[Path] = (), swapped: tuple[Path, str] | None = None) -> Draft:
    """:func:`_draft`, a CSV cell quoted over lines in the file's own shape read as quoted and drafted as
    ``data.quoted_line_breaks: "?"`` (review: kit init stopped naming that key of params it had not written, so a
    correctly quoted remark left no way to a draft); a quote never closed still stops."""
    from types import SimpleNamespace

    from .io import quoted_line_breaks

    with quoted_line_breaks(SimpleNamespace(quoted_line_breaks="keep")):
        return _draft(path, params_path, sheet=sheet, encoding=encoding, language=language, joins=joins, more=more,
                      swapped=swapped)


def _draft(path: Path, params_path: Path, *, sheet=None, encoding: str | None = None, language: str | None = None,
           joins: Sequence[Path] = (), more: Sequence[Path] = (), swapped: tuple[Path, str] | None = None) -> Draft:
    """Guess a params file for the order file ``path``, to be written at ``params_path``.

    ``more`` are further exports of the same orders (a file per month): their headers join the mapping (a column
    one of them names differently is mapped to both names), and their dates count for the window's end.

    ``joins`` are files each order line takes columns from by a key (``data.join``): an order-header file for a file
    of order lines, a customer file. Each is joined by a header it shares with the order file (or a file joined
    before it), and the columns are guessed from the joined rows. A file to join that holds several rows per key
    (the payments of an order, the orders of a customer) is the file of lines: the draft is made again with it as
    the order file and ``path`` joined to it (``swapped``: the file given first and the key).
    """
    from .clean import ROC, parse_dates_with_format

    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        raise DataError(f"{path.name!r}: the file name is not valid text (an archive from another system?); "
                        f"rename the file and run kit init again") from None
    visible = _visible_sheets(path)
    if isinstance(sheet, str) and sheet.isdigit() and sheet not in visible:
        sheet = int(sheet)  # --sheet 2: the third sheet, unless a sheet is named "2"
    holding, closest, read, sheet_headers = (_order_sheets(path, visible) if sheet is None or sheet == "all"
                                             else ([], None, {}, {}))
    notes: list[str] = []
    per_year = False  # a sheet per year drafted: a column per month takes its year from the sheet's name
    if sheet is None and not holding and len(visible) > 1:  # a ledger of month columns, a sheet per year (2023年)
        from .wide import name_year

        years = {name: name_year(str(name)) for name in visible}
        dated = {name: y for name, y in years.items() if y is not None}
        if len(set(dated.values())) > 1:
            sheet = max(dated, key=dated.get)
            per_year = True
            others = [str(n) for n in dated if n != sheet]
            notes.append(Note(f"the workbook keeps a sheet per year ({', '.join(others)}, {sheet}): the latest, "
                              f"{sheet!r}, is drafted; data.sheet: all reads them all, each in the year its name "
                              f"gives, which also gives the window before for the migration",
                              f"工作簿每年一张表（{'、'.join(others)}、{sheet}）：已起草最近的 {sheet!r}；设 data.sheet: all "
                              f"则全部读取（各按表名的年份），上一期间的级别迁移也因此可得"))
    wide_apart: list[str] = []  # sheets of month columns laid out otherwise than the one drafted
    if sheet is None and not holding and len(visible) > 1:  # a ledger of month columns, a sheet per salesperson
        holding, wide_apart = _wide_sheets(closest, sheet_headers)
        wide_alike = len(holding) > 1
    else:
        wide_alike = False
    summaries = [name for name in holding if SUMMARY_SHEET.search(str(name))] if sheet is None else []
    if summaries and len(summaries) < len(holding):  # 汇总 beside 华东, 华北, 华南: it sums them (QA: revenue twice)
        holding = [name for name in holding if name not in summaries]
        said = ", ".join(repr(str(n)) for n in summaries)
        many = len(summaries) > 1
        notes.append(Note(f"the sheet{'s' if many else ''} {said} of the workbook {'are' if many else 'is'} named as a "
                          f"summary, most likely of the other sheets: sheet: all leaves {'them' if many else 'it'} out, "
                          f"in a run too; if {'they hold' if many else 'it holds'} orders of {'their' if many else 'its'} "
                          f"own, list the sheets to read in data.sheet",
                          f"工作表 {'、'.join(repr(str(n)) for n in summaries)} 的名称表明是汇总表，多半是其他工作表的合计："
                          f"sheet: all 不读取它（运行时也如此）；如其中是另外的订单，请在 data.sheet 中列出要读取的各工作表"))
    if wide_alike and len(holding) > 1:
        shown = ", ".join(repr(str(n)) for n in holding[:6]) + (", …" if len(holding) > 6 else "")
        notes.append(Note(f"{len(holding)} sheets of the workbook ({shown}) hold the same columns, a column per month: "
                          f"sheet: all reads them as one ledger, a customer on several sheets graded on the sum of "
                          f"them; if a sheet holds targets, a plan or another year, list the sheets to read in "
                          f"data.sheet",
                          f"工作簿中 {len(holding)} 张工作表（{'、'.join(repr(str(n)) for n in holding[:6])}"
                          f"{'……' if len(holding) > 6 else ''}）的表头相同、每月一列：sheet: all 把它们作为一本台账读取，"
                          f"同一客户在几张表上的金额相加；如某张表是目标、计划或另一年的数据，请在 data.sheet 中列出要读取的各工作表"))
    if sheet is None and wide_apart:  # a sheet of month columns left out: said, not passed over (QA c62)
        shown = ", ".join(repr(str(n)) for n in wide_apart[:6]) + (", …" if len(wide_apart) > 6 else "")
        many = len(wide_apart) > 1
        read_ones = holding or [closest]
        notes.append(Note(f"the sheet{'s' if many else ''} {shown} also hold{'' if many else 's'} a column per month, "
                          f"laid out differently from, or named for another year than, "
                          f"{', '.join(repr(str(n)) for n in read_ones[:3])}"
                          f"{', …' if len(read_ones) > 3 else ''}, and {'are' if many else 'is'} not read as drafted: "
                          f"to read {'them' if many else 'it'} too, list the sheets in data.sheet and check the mapping",
                          f"工作表 {'、'.join(repr(str(n)) for n in wide_apart[:6])}{'……' if len(wide_apart) > 6 else ''} "
                          f"也是每月一列，但表头或表名所示年份与 {'、'.join(repr(str(n)) for n in read_ones[:3])}"
                          f"{'……' if len(read_ones) > 3 else ''} 不同，按现在的起草不读取；如也要读取，请在 data.sheet "
                          f"中列出这些工作表并核对列的对应"))
    if sheet is None:  # without a sheet of orders, the one closest to it (not a notes sheet in front)
        sheet = "all" if len(holding) > 1 else (holding[0] if holding else (closest or (visible[0] if visible else None)))
    # a sheet per salesperson (张三 | 李四), the person named by no line: the sheet's name kept as sales_rep
    people = [str(n) for n in holding] if sheet == "all" and not wide_alike and people_sheets(holding) else []
    rolled: tuple[int, str] | None = None  # (year of the first sheet, from: title or guess) of sheets 10月 ... 3月
    sheet_frames: list[pd.DataFrame] = []  # each sheet of orders, read whole, with data.sheet: all
    parts_read = False
    if sheet == "all" and holding:  # dates and IDs from every sheet: the latest month is on the last one
        from .io import read_table

        frames = [read[name] if name in read else read_table(path, sheet=name, expected=_ALL_NAMES, synonyms=_KNOWN)
                  for name in holding]
        guesses = [guess_columns([str(c) for c in f.columns]) for f in frames]
        frames, dated = _sheets_with_date_parts(frames, guesses)
        parts_read = dated != guesses  # the sheets' days already read whole, each in its sheet's year
        frames, rolled = _sheet_dates_with_years(frames, dated, holding, path)
        by_sheet: dict[str, list[str]] = {}  # each column's headers, as the sheets name it
        for name, guess in zip(holding, guesses):
            for key, header in guess.items():
                by_sheet.setdefault(key, [])
                if header not in by_sheet[key]:
                    by_sheet[key].append(header)
            if name != holding[0] and guess != guesses[0]:
                diffs = [f"{k}: {v}" for k, v in guess.items() if guesses[0].get(k) != v]
                notes.append(Note(f"sheet {name!r} names its columns differently from {holding[0]!r} "
                                  f"({', '.join(diffs)}); data.columns lists every name, check them",
                                  f"工作表 {name!r} 的表头与 {holding[0]!r} 不同（{'；'.join(diffs)}）；"
                                  f"data.columns 列出了每种写法，请核对"))
        for key in ("amount", "unit_price"):
            names = by_sheet.get(key, [])
            units = {amount_scale(n)[0] if amount_scale(n) else 1 for n in names}
            if len(units) > 1:
                notes.append(Note(f"the sheets write {key} in different units ({', '.join(names)}): "
                                  f"data.amount_scale gives each header its factor, check them",
                                  f"各工作表的 {key} 单位不同（{'、'.join(names)}）：data.amount_scale 已为每个表头"
                                  f"写明换算倍数，请核对"))
        header_units = _sheet_units(path, holding, guesses, notes)
        frame, sheet_frames = _stacked(frames), frames
    else:
        header_units = None
        frame = read[sheet] if sheet in read else \
            sample(path, sheet=0 if sheet in (None, "all") else sheet, encoding=encoding)
        by_sheet = {}
    for one in sheet_frames or [frame]:  # one table cut into blocks side by side (2024年 | 2025年): stacked
        _note_side_blocks(one, notes)
    from .io import BLOCKS

    side = None if sheet_frames else frame.attrs.get(BLOCKS)  # its blocks, each under its own headers
    headed = None  # no customer column, each customer named on a heading row above its orders (客户：…, QA c14)
    if not joins and not more and "customer_id" not in guess_columns(
            [str(c) for c in frame.columns if c != SOURCE_ROW]):
        from .io import customer_headings, fill_from_headings

        named_above = customer_headings(frame)
        label = "Customer" if named_above and re.search(r"(?i)^\s*customer", _heading_cell(frame)) else "客户"
        try:  # read as a run reads it: a customer column of its own
            # each sheet apart, as a run reads them (the sheets stacked, with row numbers repeating, stopped kit init)
            filled = [fill_from_headings(one, label, source=path.name)[0] for one in sheet_frames or [frame]] \
                if named_above else None
        except DataError:  # a column of that name already, not taken for the customer's: nothing drafted
            filled = None
        if filled:
            headed = (named_above[0], label)
            frame, sheet_frames = (_stacked(filled), filled) if sheet_frames else (filled[0], [])
            notes.append(Note(f"the sheet has no customer column but names each customer on a heading row above its "
                              f"orders (such as the one naming {named_above[0]}): data.customer_headings is drafted, "
                              f"so that each order line takes the customer of the heading row above it, in a column "
                              f"{headed[1]!r}; the heading rows are set aside as label rows, and order lines above "
                              f"the first heading as before the first customer heading (a title or note there as a "
                              f"label row)",
                              f"文件没有客户列，而是在每段订单上方单独一行写客户（如“客户：{named_above[0]}”）：已起草 "
                              f"data.customer_headings，各订单行取其上方标题行的客户（列名 {headed[1]!r}）；标题行本身单列为"
                              f"标题行，第一个标题行之上的订单行单列为“在第一个客户标题行之上”（其上的标题、备注单列为标题行）"))
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        _note_fixed_width(path, encoding, notes)
    joined: list[tuple[Path, str, pd.DataFrame]] = []
    if joins:
        frame = frame.head(SAMPLE_ROWS)
        from .io import read_table

        tables = {other: read_table(other, expected=_ALL_NAMES) for other in joins}
        pending = list(enumerate(joins))
        while pending:
            # the files to join in an order each shares a header with what is joined before it (customers, then
            # orders, given for order items: orders first, QA); none sharing one is said by _join_sample
            have = {normalise_header(c) for c in frame.columns if c != SOURCE_ROW}
            ready = [i for i, (_, other) in enumerate(pending)
                     if any(normalise_header(c) in have for c in tables[other].columns if c != SOURCE_ROW)]
            index, other = pending.pop(ready[0] if ready else 0)
            has_money = "amount" in guess_columns([str(c) for c in frame.columns if c != SOURCE_ROW])
            keys_before = frame
            frame, key, table, repeated = _join_sample(frame, other, path, joined, notes, table=tables[other])
            # money in the other file: an amount, or a price per row (Olist's order items: price, no quantity)
            money_there = bool({"amount", "unit_price"} & set(guess_columns([str(c) for c in table.columns])))
            # the file given first holds one row per key (an order file), the other several: that is the lines
            one_each = _join_key(keys_before[_header_of(keys_before, key)]).dropna().is_unique
            if repeated and money_there and not has_money and one_each and swapped is None and not more \
                    and sheet is None:
                rest = [path, *joins[:index], *joins[index + 1:]]
                return draft(other, params_path, encoding=encoding, language=language, joins=rest,
                             swapped=(path, key))
            joined.append((other, key, table))
    if swapped is not None:
        given, key = swapped
        notes.insert(0, Note(f"{path.name} holds several rows for one {key} (the lines of one order or customer), so "
                             f"it is drafted as the order-line file, data.path, and {given.name} is joined to it",
                             f"{path.name} 中同一 {key} 有多行（同一订单或客户的明细行），故起草为订单明细文件"
                             f"（data.path），{given.name} 关联到它"))
    wide_year: int | str | None = None  # a column per month (1月 ... 12月): read as data.wide
    by_month: list[pd.DataFrame] = []
    if not joins and not more:
        named = sheet if isinstance(sheet, str) and sheet != "all" else \
            visible[sheet] if isinstance(sheet, int) and 0 <= sheet < len(visible) else visible[0] if visible else ""
        by_month = sheet_frames or [frame]  # as read, with their cells' fonts: red or struck month cells
        frame, wide_year = _as_wide(frame, path, named, notes)
        if per_year and isinstance(wide_year, int):
            # no data.wide.year: with data.sheet: all, as the note says, each sheet is read in its name's year (QA:
            # a drafted year: 2025 read the 2024年 sheet as 2025 too, every customer's revenue counted twice)
            from .wide import name_year

            wide_year = SHEET_NAME_YEAR if name_year(str(named)) == wide_year else wide_year
    whole_sheet, frame = frame, frame.head(SAMPLE_ROWS)  # the dates of every row; the sample for the rest
    headers = [c for c in frame.columns if c != SOURCE_ROW and not str(c).startswith("Unnamed: ")]
    columns: dict[str, str | list[str]] = guess_columns(headers)
    columns = _past_empty_columns(frame, headers, columns)
    if (one_name := _one_name_for_all(frame, columns)) is not None:  # Odoo's Company: the seller's own (QA)
        notes.append(Note(f"{columns['customer_name']!r} holds one name on every row ({one_name}) beside customers "
                          f"of several IDs: the seller's own (as Odoo's Company) or a group every customer belongs to, "
                          f"naming none apart, so it is not drafted as customer_name; to show it in the report, carry "
                          f"it with attributes: {{name: header}}",
                          f"{columns['customer_name']!r} 每行都是同一个名称（{one_name}），而客户编码有多个：是卖方自己"
                          f"（如 Odoo 的 Company）或所有客户同属的集团，不能区分客户，未起草为 customer_name；如要在报告中"
                          f"显示，用 attributes: {{名称: 表头}} 带入"))
        del columns["customer_name"]
    if (split := _split_by_rate(columns.get("amount"), headers)) is not None and len(split[1]) == 1:
        rate_said = (f"every line's total with its tax, as a register of several rates is graded (a column per rate); "
                     f"to grade without the tax, put {split[1][0]!r}, the sales at its one rate",
                     f"各行含税合计，与按税率分列的报表分级口径一致；如要按不含税金额分级，改为 {split[1][0]!r}（唯一税率的销售额）")
        columns["amount"] = split[0]
    elif split is not None:
        rate_said = (f"every line's total with its tax: the sales are split over a column per rate "
                     f"({', '.join(split[1])}), which no one column adds up",
                     f"各行含税合计：销售额按税率分在几列（{'、'.join(split[1])}），没有一列是它们的和")
        columns["amount"] = split[0]
        notes.append(Note(f"the sales are written in a column per tax rate ({', '.join(split[1])}), each line filling "
                          f"its rate's: drafted amount: {split[0]!r}, every line's total with its tax; to grade without "
                          f"the tax, export the register with one column of sales",
                          f"销售额按税率分在几列（{'、'.join(split[1])}），每行只填其税率的一列：已起草 amount: "
                          f"{split[0]!r}，即各行含税合计；如要按不含税金额分级，请导出只有一列销售额的报表"))
    if wide_year is not None:
        from .params import WIDE_COLUMNS
        from .wide import SHEET_ROW

        headers = [h for h in headers if h != SHEET_ROW]
        columns = {**{k: v for k, v in guess_columns([h for h in headers if h not in WIDE_COLUMNS.values()]).items()
                      if k not in WIDE_COLUMNS}, **WIDE_COLUMNS}
    date_parts = date_parts_of(headers) if "order_date" not in columns else None
    if date_parts is not None and date_parts[0] in frame.columns and not parts_read and \
            not _days_of_month(frame[date_parts[0]]):
        columns["order_date"], date_parts = date_parts[0], None  # 日 holding whole dates (2025-03-05): the date
    if date_parts is not None:  # 年 | 月 | 日: the day's column read as the whole date, as a run reads it
        from .io import with_date_parts

        columns["order_date"] = date_parts[0]
        whole_sheet = with_date_parts(whole_sheet, *date_parts)  # once: the sample is its first rows
        frame = whole_sheet.head(SAMPLE_ROWS)
        day, month, year = date_parts
        notes.append(Note(
            f"the order date is written over several columns ({f'year {year!r}, ' if year else ''}month {month!r}, "
            f"day {day!r}): data.date_parts is drafted, so that each row's date is read whole; a month or year "
            f"written on a block's first row only is that of the rows below it",
            f"订单日期分写在几列中（{f'年 {year!r}、' if year else ''}月 {month!r}、日 {day!r}）：已起草 data.date_parts，"
            f"每行的日期由这几列合起来读取；只在一段的第一行写出的月份或年份，也是其下各行的"))
    if not by_sheet and isinstance(columns.get("order_date"), str):  # one table: its sheet's or file's year
        named = sheet if isinstance(sheet, str) else visible[sheet] if isinstance(sheet, int) and \
            0 <= sheet < len(visible) else ""
        frame = _dates_with_year(frame, columns["order_date"], named, path)
        whole_sheet = _dates_with_year(whole_sheet, columns["order_date"], named, path)
    positional = bool(headers) and all(_POSITIONAL.fullmatch(str(h)) for h in headers)
    if positional:  # no header row: the columns by what their cells hold
        columns = guess_columns_by_content(frame, headers)
    columns.update({k: v if len(v) > 1 else v[0] for k, v in by_sheet.items() if k in columns})
    if side and not by_sheet:  # blocks naming a column differently (2024年 日期, 2025年 销售日期): both listed (QA c17)
        by_block: dict[str, list[str]] = {}
        held = [(guess_columns(names), {_norm(n) for n in names})
                for names in ([str(c) for c in part.columns if c != SOURCE_ROW] for _, part in side)]
        for guess, _ in held:
            for key, header in guess.items():
                if key in columns and header not in by_block.setdefault(key, []):
                    by_block[key].append(header)
        # the run takes the first header of a list a block holds: one that a block holds beside the one taken there
        # goes last (2025年's 日期 a shipping date beside its 销售日期, 2024年's 日期 the order date: [销售日期, 日期];
        # [日期, 销售日期] dated 2025年's orders by their shipping)
        columns.update({k: sorted(v, key=lambda h, k=k: sum(_norm(h) in names and guess.get(k) != h
                                                            for guess, names in held))
                        for k, v in by_block.items() if len(v) > 1})
    if "customer_name" in columns and "customer_id" in columns and \
            set(_names(columns["customer_name"])) < set(_names(columns["customer_id"])) and \
            not any(CODE_HEADER.search(h) for h in _names(columns["customer_id"])):
        # names only, written 客户名称 on some sheets and 客户 on others: the name is the ID under every name
        columns["customer_name"] = columns["customer_id"]
    if by_sheet and len(holding) > 1:  # a column some sheets lack would stop the run: only the key columns must be
        needed = {"customer_id", "order_date", *(("amount",) if "amount" in columns else ("quantity", "unit_price"))}
        partial = [k for k in columns if k not in needed and not all(
            {normalise_header(h) for h in _names(columns[k])} & {normalise_header(str(c)) for c in f.columns}
            for f in frames)]
        for key in partial:
            del columns[key]
        if partial:
            notes.append(Note(f"{', '.join(partial)} {'is' if len(partial) == 1 else 'are'} left out of data.columns: "
                              f"not every sheet has {'it' if len(partial) == 1 else 'them'}",
                              f"{'、'.join(partial)} 未写入 data.columns：并非每个工作表都有"))
    others = [(other, sample(other, sheet=0 if sheet in (None, "all") else sheet, encoding=encoding)) for other in more]
    for other, table in others:
        guess = guess_columns([str(c) for c in table.columns if c != SOURCE_ROW])
        renamed = {k: v for k, v in guess.items() if k in columns and v not in _names(columns[k])}
        for key, header in renamed.items():
            columns[key] = [*_names(columns[key]), header]
        if renamed:
            diffs = [f"{k}: {v}" for k, v in renamed.items()]
            notes.append(Note(f"{other.name} names its columns differently from {path.name} "
                              f"({', '.join(diffs)}); data.columns lists every name, check them",
                              f"{other.name} 的表头与 {path.name} 不同（{'；'.join(diffs)}）；"
                              f"data.columns 列出了每种写法，请核对"))
    grouped = None
    if "customer_id" not in columns and (grouped := _group_header_column(frame)):
        # QuickBooks' Transaction List by Customer: the customer on a row of its own above its transactions, in a
        # column without a header (QA: not recognised, mapped and filled down by hand)
        columns["customer_id"] = grouped
        notes.append(Note(f"the customers are named on rows of their own above their orders, in the unheaded first "
                          f"column ({grouped!r}): drafted as the customer, each order taking the name above it",
                          f"客户名称单独占一行、写在其订单上方的无表头首列（{grouped!r}）：已起草为客户，各订单行取上方的名称"))
    if "order_id" not in columns:
        columns = _shopify_order_name(frame, headers, columns)
    elif isinstance(columns["order_id"], str) and (charge := _charge_id_for_empty_order_id(frame, headers, columns)):
        # Stripe's payments: Invoice ID empty for a charge billed without an invoice, the charge's own id (ch_...)
        # beside it (QA: two charges of a customer's day counted as one order)
        # or on some rows (subscriptions' charges billed by an invoice beside one-off charges: review)
        empty, columns = columns["order_id"], {**columns, "order_id": charge}
        every = bool(_blank(frame[empty]).all())
        notes.append(Note(f"{empty!r} is empty on {'every row' if every else 'some rows'} of the sample: the order ID "
                          f"drafted is {charge!r}, each charge's own ID",
                          f"{empty!r} 在样本中{'全部' if every else '部分'}为空：订单号改取 {charge!r}（每笔收款自己的编号）"))
    if "amount" not in columns and "quantity" not in columns and "unit_price" in columns:
        # a line per item (Olist's order items: order_item_id, price): the price is the line's amount
        columns = {("amount" if k == "unit_price" else k): v for k, v in columns.items()}
        notes.append(Note(f"no quantity column: each row is taken as one item, and {columns['amount']!r} as its "
                          f"amount; if rows hold several items, map the quantity column in data.columns",
                          f"没有数量列：每行按一件商品计，{columns['amount']!r} 即该行金额；如一行有多件，请在 "
                          f"data.columns 中填写数量列"))
    counted = _amount_like_a_count(frame, columns, headers)
    quantity_said = None
    if counted and normalise_header(columns["amount"]) == "amount" and not {"quantity", "unit_price"} & set(columns):
        # a column headed amount of small whole numbers only, beside one named like money holding amounts ten times
        # larger: Ta-Feng's AMOUNT is the quantity, SALES_PRICE the line's money (QA F3: graded on item counts)
        money, count = counted[0], columns["amount"]
        columns = {**columns, "amount": money, "quantity": count}
        quantity_said = (money, counted[1])
        notes.append(Note(f"{count!r} holds small whole numbers only (median {counted[1]:g}), a count of items, while "
                          f"{money!r} holds amounts of money: drafted amount: {money!r} and quantity: {count!r}; if "
                          f"{count!r} is the money, swap them back",
                          f"{count!r} 全是较小的整数（中位数 {counted[1]:g}），是商品件数，而 {money!r} 是金额：已起草 "
                          f"amount: {money!r}、quantity: {count!r}；如 {count!r} 才是金额，请对调"))
    elif counted:  # Ta-Feng's AMOUNT is the quantity; SALES_PRICE the line's money (QA: graded on item counts)
        notes.append(Note(f"{columns['amount']!r} holds small whole numbers (median {counted[1]:g}), like a count of "
                          f"items, while {counted[0]!r} holds larger amounts: if {columns['amount']!r} is the quantity, "
                          f"map amount: {counted[0]!r} in data.columns",
                          f"{columns['amount']!r} 是较小的整数（中位数 {counted[1]:g}），像是商品件数，而 {counted[0]!r} 的数值"
                          f"大得多：如 {columns['amount']!r} 是数量，请在 data.columns 中改为 amount: {counted[0]!r}"))
    cid = columns.get("customer_id")
    if isinstance(cid, str) and cid == columns.get("customer_name") and not _names_a_customer(cid):
        # the one name column left over (bikeshop_name): a guess, said as one (review: category_name graded)
        notes.append(Note(f"no column names the customers: {cid!r}, the one name column left, is drafted as the "
                          f"customer; check that it names the buyers (not a store selling, a category ...)",
                          f"没有列写明客户：{cid!r} 是剩下的唯一名称列，已起草为客户；请核对它写的是买方"
                          f"（而不是卖货的门店、商品类别等）"))
    if not {"amount", "discount"} & set(columns) and isinstance(columns.get("quantity"), str) and isinstance(
            columns.get("unit_price"), str):  # 折扣率, Discount Rate: headed as a rate, so no discount's synonym (review)
        mapped = {h for header in columns.values() for h in _names(header)}
        rate = next((h for h in headers if h not in mapped and h in frame.columns
                     and _DISCOUNT_RATE_HEADER.fullmatch(_norm(str(h)))), None)
        if rate is not None and _rate_cells(frame, {**columns, "discount": rate}) is not None:
            columns = {**columns, "discount": rate}  # a rate taken off, or the share paid: told below
    if "discount" in columns and "amount" not in columns and (paid := _paid_shares(frame, columns)):
        notes.append(paid)  # 折扣 0.85 (八五折): the share paid, not a rate off (review: 15% of the price graded)
        columns = {k: v for k, v in columns.items() if k != "discount"}
    discount_percent = False
    if "discount" in columns and "amount" not in columns and (rated := _discount_rates(frame, columns)):
        notes.append(rated[0])  # Northwind-like lines: UnitPrice, Quantity, Discount 0.15 (QA: graded before it, +8.8%)
        discount_percent = rated[1]  # Discount 15 for 15% off (open item: 15.00 taken off as money)
        columns = {("discount_rate" if k == "discount" else k): v for k, v in columns.items()}
    if "discount" in columns and "amount" not in columns and (note := _no_discount_amounts(frame, columns["discount"])):
        notes.append(note)
        columns = {k: v for k, v in columns.items() if k != "discount"}
    discount_unsure = None
    if "discount" in columns and "amount" not in columns and (note := _unsure_discounts(frame, columns)):
        notes.append(note)  # 5, 10, 20: coupons or percentages, the sample cannot tell (QA: drafted as percentages)
        discount_unsure = columns["discount"]
        columns = {k: v for k, v in columns.items() if k != "discount"}
    if "discount" in columns and "amount" in columns and (note := _no_discount_amounts(frame, columns["discount"],
                                                                                    columns["amount"])):
        notes.append(note)  # rates (Superstore's 0.2): never to be added as an amount taken off
        columns = {k: v for k, v in columns.items() if k != "discount"}
    if "discount" in columns and "amount" in columns:  # an amount column is most often after the discount (实付金额)
        notes.append(Note(f"{columns['discount']!r} is left out of data.columns: the amount {columns['amount']!r} is "
                          f"taken to be after the discount; if it is before it, add   discount: {columns['discount']!r}",
                          f"{columns['discount']!r} 未写入 data.columns：金额列 {columns['amount']!r} 按折扣后的金额读取；"
                          f"如它是折扣前的金额，请加上   discount: {columns['discount']!r}"))
        columns = {k: v for k, v in columns.items() if k != "discount"}
    if "customer_id" in columns and "customer_name" not in columns and len(frame):
        # a column 客户 holding names (华润医药（上海）有限公司): the name is the ID, and the report shows it as written
        ids = _cells(frame, columns["customer_id"]).dropna().astype(str).str.strip()
        ids = ids[ids != ""]
        if len(ids) and ids.str.contains(r"[\u4e00-\u9fff].*[\u4e00-\u9fff].*[\u4e00-\u9fff]").mean() >= 0.8:
            columns = {**columns, "customer_name": columns["customer_id"]}
    if "order_date" not in columns and (dated := _dated_column(frame, headers, columns)):
        header, example = dated  # an event log's event_time: 2019-10-01 00:00:00 UTC (QA: order_date left "?")
        columns["order_date"] = header
        notes.append(Note(f"{header!r} holds date-times (such as {example}) and no header names an order date: "
                          f"drafted as the order date; check that it is the day of the order",
                          f"{header!r} 是日期时间（如 {example}），没有列名为订单日期：已起草为订单日期；请核对它是下单日期"))
    if "order_date" not in columns and (dated := _dated_column(frame, headers, columns, named=False)):
        header, example = dated  # H&M's t_dat: 2018-09-20, the file's only dates (QA: order_date left "?")
        columns["order_date"] = header
        notes.append(Note(f"{header!r} holds dates (such as {example}), the file's only column of them, though its "
                          f"header does not say so: drafted as the order date; check that it is the day of the order",
                          f"{header!r} 是日期（如 {example}），是文件中唯一的日期列，虽然列名没有写明：已起草为订单日期；"
                          f"请核对它是下单日期"))
    if "order_date" not in columns and (stamped := _timestamp_column(frame, headers, columns)):
        header, example, stamp = stamped  # Stripe's created: 1756539474 (QA c64: "no column holds dates")
        columns["order_date"] = header
        notes.append(Note(f"{header!r} holds Unix timestamps (such as {example}, which is {stamp} UTC): drafted as the "
                          f"order date, read with data.date_format: unix; check that it is the day of the order",
                          f"{header!r} 是 Unix 时间戳（如 {example}，即 UTC {stamp}）：已起草为订单日期，按 "
                          f"data.date_format: unix 读取；请核对它是下单日期"))
    day_numbers = None
    if "order_date" not in columns and (day_numbers := _day_number_column(frame, headers, columns)):
        header, low, high = day_numbers  # Dunnhumby's DAY 1..711 (QA: "not a date", every row set aside)
        columns["order_date"] = header
        notes.append(Note(f"{header!r} holds day numbers ({low} to {high}), not dates: drafted as the order date, "
                          f"read with data.date_format: day_number; the file gives no calendar date, so set "
                          f"data.day_one to the day of day 1 (any day will do, such as 2020-01-01) and period.as_of "
                          f"to the last day of the window",
                          f"{header!r} 是天数（{low} 到 {high}），不是日期：已起草为订单日期，按 data.date_format: "
                          f"day_number 读取；文件中没有日历日期，请把 data.day_one 设为第 1 天的日期（任意一天均可，"
                          f"如 2020-01-01），并把 period.as_of 设为分级期间的最后一天"))
    tables = [table for _, table in others]  # a file per store, each naming its own: stores, not the shop (review)
    if (own := _own_shop(frame, columns, tables)) is not None:
        # 美团外卖's 门店ID and 门店名称, the shop's own on every row: the whole shop one customer (QA cn2)
        shop, value = own
        dropped = {v for k, v in columns.items()
                   if k in ("customer_id", "customer_name") and _own_shop(frame, {"customer_id": v}, tables)}
        columns = {k: v for k, v in columns.items() if not (k in ("customer_id", "customer_name") and v in dropped)}
        notes[:] = [n for n in notes if not str(n).startswith(f"no column names the customers: {shop!r}")]
        notes.append(Note(f"{shop!r} reads {value} on every row: the shop that exported the orders, not its "
                          f"customers, so it is not drafted as the customer",
                          f"{shop!r} 每一行都是 {value}：是导出订单的店铺本身，而不是它的顾客，故未起草为客户"))
        # the buyer's column the store's took the place of (饿了么's 用户ID: review), not a stand-in (顾客姓名 王先生,
        # 顾客电话 尾号1234: offered with their risks below)
        again = guess_columns([str(h) for h in headers if h not in dropped and h != SOURCE_ROW])
        stand_ins = set(_stand_in_headers(headers))
        if isinstance(buyer := again.get("customer_id"), str) and "customer_id" not in columns \
                and buyer not in columns.values() and buyer not in stand_ins:
            columns["customer_id"] = buyer
            if isinstance(name := again.get("customer_name"), str) and name != buyer and name not in stand_ins \
                    and name not in columns.values():
                columns["customer_name"] = name
    nickname = _nickname_customer(frame, headers, columns)
    if isinstance(cid := columns.get("customer_id"), str) and (default_nicknames(frame, cid) >= DEFAULT_NICKNAME_SHARE
                                                               or masked_nicknames(frame, cid) >= MASKED_NICKNAME_SHARE):
        # 微信小店's buyer nickname, 微信用户 for most buyers: one customer of many (QA cn); or masked, 小*** (review)
        columns = {k: v for k, v in columns.items() if v != cid}
    elif nickname is not None and "customer_id" not in columns:
        # 微信小店's 用户昵称, the only buyer column, 微信用户 on a few rows: the customer, those rows left out (QA cn)
        columns = {**columns, "customer_id": nickname}
        notes.append(Note(f"{nickname!r}, a nickname, is the only buyer column: drafted as the customer; a buyer may "
                          f"change it and two may share it, so ask the client for an export with the buyer's ID "
                          f"(openid, 买家ID) if it has one",
                          f"{nickname!r} 是昵称，是唯一写买家的列：已起草为客户；买家可以改昵称，不同买家也可能同名，"
                          f"如客户能导出买家ID（openid / 买家ID），请索取"))
    if isinstance(cid := columns.get("customer_id"), str) and cid in frame.columns and len(frame) >= 20 \
            and _names_a_customer(cid) and (masked := _masked_accounts(frame, cid)) is not None:
        # (a name column left over, masked, 京东 POP's 客户姓名 张**, is said further down as the export's no customer)
        # 千牛's 买家会员名 masked as t**3: buyers whose names start and end alike graded as one (QA cn2: 34 buyers
        # graded as 10); not a masked phone (138****1234), whose seven figures tell buyers apart
        columns = {k: v for k, v in columns.items() if v != cid}
        notes.append(Note(f"{cid!r} is masked by the platform on most rows (such as {masked}): buyers whose names "
                          f"start and end alike would be graded as one customer, so it is not drafted as the customer",
                          f"{cid!r} 大多已被平台掩码（如 {masked}）：首尾字符相同的不同买家会被当作一位客户分级，故未起草为客户"))
    if "customer_id" not in columns and (said := buyer_stand_ins(frame, headers)):
        # 拼多多's export: no buyer ID, a masked phone and the consignee only (QA cn)
        notes.append(Note(said["en"], said["zh"]))
    amount_said = _paid_or_received(columns, headers)
    if amount_said:
        notes.append(amount_said[0])
    empty_id = columns.get("customer_id")
    if isinstance(empty_id, str) and empty_id in frame.columns and 20 <= len(frame) < SAMPLE_ROWS and not others \
            and columns.get("customer_name") in (None, empty_id) and _blank(frame[empty_id]).all():
        # (a code column empty beside a name column gives way to the name, further down; the whole file read: a
        # file sorted by customer, its guest orders first, may name customers past the sample, review rqa2)
        empty_id = (empty_id, "empty")
    elif isinstance(empty_id, str) and empty_id in frame.columns and len(frame) >= 20 \
            and columns.get("customer_name") in (None, empty_id) and not _names_a_customer(empty_id) \
            and _cells(frame, empty_id).astype("string").str.strip().str.fullmatch(
                r"[^*]{0,2}\*{2,}[^*]{0,1}", case=False).mean() >= 0.5:
        # the one name column left a masked consignee's name (京东 POP's 客户姓名 张**): every buyer one customer; not a
        # masked phone number (138****1234, a user's name by default: review rqa2), whose seven digits tell buyers apart
        empty_id = (empty_id, "masked")
    else:
        empty_id = None
    if empty_id:
        empty_id, why = empty_id
        notes[:] = [n for n in notes if not str(n).startswith(f"no column names the customers: {empty_id!r}")]
        # a customer column empty on every row (Amazon's All Orders report, its buyer-email withheld): no customer
        # to grade, not guest sales (QA qa13: drafted cleaning.max_set_aside_share: 1, the run stopped on no line left)
        columns = {k: v for k, v in columns.items() if k not in ("customer_id", "customer_name")}
        said_en, said_zh = (("is empty on every row", "每一行都是空的") if why == "empty" else
                            ("holds masked names (such as 张**) on most rows, which tell no buyer from another",
                             "大多是掩码的姓名（如 张**），分不出买家"))
        notes.append(Note(f"{empty_id!r} {said_en}: the export names no customer, so customer_id is left "
                          f"\"?\"; map it to a column naming the buyers, or ask the client for an export that has one",
                          f"{empty_id!r} {said_zh}：导出中没有客户，customer_id 留作 \"?\"；请改为写明买方的列，"
                          f"或请客户导出带客户的数据"))
    missing = _missing(columns)
    if missing == ["customer_id"] and isinstance(sheet, str) and len(visible) > 1:
        _note_sheet_per_customer(path, sheet, visible, headers, notes, sheet_headers)
    if language is None:
        cjk = any(re.search(r"[\u4e00-\u9fff]", str(h)) for h in headers)
        if positional and not cjk:  # no header row: the cells tell (客户11商贸有限公司; QA c138 was drafted in English)
            text = pd.concat([frame[h].astype("string").head(200) for h in headers], ignore_index=True).dropna()
            cjk = bool(len(text)) and text.str.contains(r"[\u4e00-\u9fff]", regex=True).mean() >= 0.05
        language = "zh" if cjk else "en"
    date_format, unclear, either, year, given_year = None, None, [], None, None
    year_month = None  # a 2025.1 nothing settles as January or October (data.date_format to fill)
    given_from, other_title_year = None, None
    as_of, ambiguous, monthly, first, thin = None, False, False, None, None
    window_of, window_notes = None, []  # the window's end as the dates read in a zone (see the time-zone hint)
    # the values of status, type and remark columns past the sample, found as the dates of every row are read
    past = _LaterValues(frame, _rule_headers(headers), [c for k in ("amount", "quantity", "unit_price")
                                                         if isinstance(c := columns.get(k), str)])
    if len(whole_sheet) > len(frame):  # a workbook, read whole: the rows past the sample
        past.take_rows(whole_sheet.iloc[len(frame):])
    for _, table in others:  # a file per month: its first may hold no 已取消, no 销售退货
        past.take_rows(table)
    if day_numbers is not None:
        from .clean import DAY_NUMBER

        date_format = DAY_NUMBER  # no day of the calendar to read until day_one is given
    elif "order_date" in columns:
        from .clean import with_year
        from .wide import name_year

        year = name_year(*([str(sheet)] if isinstance(sheet, str) else []), path.stem)
        if year is None:  # 10月3日 on sheets 10月 .. 12月 of 销售台账.xlsx: no name gives the year
            given_year, given_from, other_title_year = _year_for_days_without_one(
                _cells(whole_sheet, columns["order_date"]),
                lambda: _title_year(path, sheet) if isinstance(sheet, (str, int)) and sheet != "all" else None)
            if given_year:
                year = given_year
                for header in _names(columns["order_date"]):
                    if header in frame.columns:
                        frame = frame.assign(**{header: with_year(frame[header], year)})
        date_format, unclear = _date_format(_cells(frame, columns["order_date"]), year)
        values = None
        def every_date() -> pd.Series:
            """The distinct date cells of every file (the other exports' under the name each gives the column)."""
            own = next((h for h in _names(columns["order_date"]) if h in whole_sheet.columns), None)
            holder = _holder(path, own if others else columns["order_date"], joined, encoding)
            # (a date over several columns: the rows read, its parts joined; a file of them is a hand-kept ledger)
            parts = [_cells(whole_sheet, columns["order_date"]).drop_duplicates()
                     if wide_year is not None or date_parts is not None else
                     _all_dates(*holder, cells=_cells(whole_sheet, columns["order_date"]),
                                later=past if holder[0] == path and len(whole_sheet) <= len(frame) else None)]
            for other, table in others:
                header = next((h for h in _names(columns["order_date"]) if h in table.columns), None)
                if header is None:
                    raise DataError(f"{other.name}: no column of order dates is recognised (the first file calls it "
                                    f"{own!r}); its headers are: "
                                    f"{', '.join(str(c) for c in table.columns if c != SOURCE_ROW)}")
                parts.append(_all_dates(other, header, encoding, cells=_cells(table, header), later=past))
            # a day without its year, read again from the file: the file's name gives it, as in a run
            parts = [with_year(part, name_year(source.stem) or given_year) for part, source in zip(parts, [path, *more])]
            return pd.concat(parts, ignore_index=True).drop_duplicates().reset_index(drop=True)

        if unclear and (len(frame) >= SAMPLE_ROWS or others):  # the sample does not tell: the rest may
            values = every_date()
            date_format, unclear = _date_format(values, year)
        if unclear is None and date_format is None and isinstance(columns["order_date"], str):
            # 2025.1 among months typed year.month, January or October as nothing in the column says: the run
            # would stop on it (kit.clean.year_month_octobers), so date_format is left to fill
            year_month = _unsettled_year_month(_cells(whole_sheet, columns["order_date"]))
            if year_month is not None:
                notes.append(Note(
                    f"the order date {year_month} is year.month and reads as January or as October (2025.10 kept as "
                    f"a number becomes 2025.1), which the other rows do not settle: set data.date_format to "
                    f"'{YEAR_MONTH_TWO}' if months are written in two figures ({year_month} October) or to "
                    f"'{YEAR_MONTH_AS_TYPED}' if as typed ({year_month} January)",
                    f"订单日期 {year_month} 是“年.月”，可能是 1 月，也可能是 10 月（2025.10 作为数字保存后变成 2025.1），"
                    f"其他行无法判断：月份写成两位（{year_month} 为 10 月）请把 data.date_format 设为 '{YEAR_MONTH_TWO}'，"
                    f"按输入的一位月份（{year_month} 为 1 月）请设为 '{YEAR_MONTH_AS_TYPED}'"))
        ambiguous = unclear is not None
        if unclear:
            example, day_first, month_first = unclear
            if values is None:
                values = _cells(frame, columns["order_date"])
            either = _either_way(values, (day_first, month_first))
            both_ends = len({d for _, _, d in either}) >= 2
            notes.append(Note(f"dates such as {example} could be day/month or month/day and the file does not "
                              f"tell which: set data.date_format to '{day_first}' (day first) or '{month_first}' "
                              f"(month first)" + (", and period.as_of to the end of the window it gives"
                                                  if both_ends else ""),
                              f"{example} 这样的日期既可读作日/月也可读作月/日，文件中看不出是哪种：请把 data.date_format "
                              f"设为 '{day_first}'（日在前）或 '{month_first}'（月在前）"
                              + ("，并把 period.as_of 设为相应的期间末日" if both_ends else "")))
        else:  # the latest order in the whole file (an export sorted by date ends with it)
            # every row read: count the lines, else the distinct days (of every file: a file per month's December
            # is in the later file, QA)
            whole = len(frame) < SAMPLE_ROWS and not others
            ordered = frame
            if values is None and whole and not others and wide_year is None:
                # the order lines only: a 小计 line dated the month's last day would make a month begun look whole
                from .io import LineRoles

                money = [columns[k] for k in ("amount", "quantity", "unit_price") if k in columns]
                # nor a CRM's deals lost or still open: an open deal's expected close date (months ahead) is no
                # order's, and would end the window after the last deal won (QA: 2026-04 for deals won until 2025-12)
                deals_out = _excluded_rows(frame, lost_and_open_stages(frame, headers))
                ordered = frame.loc[_order_rows(frame, headers, money, LineRoles.of(columns)).to_numpy() & ~deals_out]
                values = _cells(ordered, columns["order_date"]).drop_duplicates()
            if values is None:
                values = every_date()

            def window_of(zone: str | None):
                """(as_of, monthly, first, thin, notes) of the dates read as days in ``zone`` (None: as written, in
                UTC for Z): the latest order, whether the dates are months, the first, a month with too few orders
                at the end, and the notes on dates in the future and orders after the window."""
                said: list[Note] = []
                as_of = monthly = first = thin = None
                days = parse_dates_with_format(values, date_format, time_zone=zone)
                future = days > pd.Timestamp(dt.date.today())
                if future.any():
                    n = int(future.sum())
                    latest_typo = days[future].max().date()
                    said.append(Note(f"{n:,} order {'date lies' if n == 1 else 'dates lie'} in the future (e.g. "
                                     f"{latest_typo}), a typing error most likely; "
                                     f"{'it is' if n == 1 else 'they are'} not taken for the end of the window",
                                     f"有 {n:,} 个订单日期在未来（如 {latest_typo}），多半是录入错误；不作为分级期间的终点"))
                    days = days[~future]
                if days.notna().any():
                    as_of = days.max().date()
                    monthly = bool((days.dropna().dt.day == 1).all()) and days.nunique() > 1
                    lines = parse_dates_with_format(_cells(ordered, columns["order_date"]).reset_index(drop=True),
                                                    date_format, time_zone=zone) if whole else \
                        days.dt.normalize().drop_duplicates()
                    first = days.min().date()
                    lines = lines[~(lines > pd.Timestamp(dt.date.today())).to_numpy()]  # the future is noted above
                    end = _window_end(as_of, ambiguous, monthly, first, year=year)[0]
                    found = None if monthly else _thin_end(lines, end, whole)
                    if found:  # the drafted window ends a month earlier; the note says how to take that month in
                        thin, later = found
                    else:
                        later = _after_window(lines, end, whole)
                    if later:
                        said.append(later)
                return as_of, bool(monthly), first, thin, said

            as_of, monthly, first, thin, window_notes = window_of(None)
            notes.extend(window_notes)
    no_id_share, customers, window_customers, variants, fill_keys, padded = 0.0, 0, None, [], [], False
    subs: list[tuple[str, str]] = []
    sub_kind = "sub"  # subs are sub-customers (Parent : Child) or a company's contacts (Company, Contact)
    blanks_in_blocks = False
    named_rows, order_rows = np.zeros(len(frame), dtype=bool), 0
    if "customer_id" not in columns and len(frame):  # a shop's export naming no buyer: its order numbers still
        _note_scientific_codes(frame, columns, notes)  # told when Excel lost their digits (QA cn2: 6.92012E+18)
    if "customer_id" in columns and len(frame):
        from .clean import clean_customer_id

        ids = clean_customer_id(_cells(frame, columns["customer_id"]))
        name = columns.get("customer_name")
        if isinstance(columns["customer_id"], str) and isinstance(name, str) and name != columns["customer_id"] \
                and len(ids) and ids.isna().all() and clean_customer_id(_cells(frame, name)).notna().mean() >= 0.5:
            # a code column empty on every row (a distributor's 流向 leaving 终端编码 blank): the name is the ID
            notes.append(Note(f"{columns['customer_id']!r} is empty on every row: customers are graded by their "
                              f"name, {name!r}",
                              f"{columns['customer_id']!r} 列每行都为空：按客户名称 {name!r} 识别客户"))
            columns["customer_id"] = name
            ids = clean_customer_id(_cells(frame, name))
        _note_scientific_codes(frame, columns, notes)
        # empty rows and subtotal lines are no guest sales: they do not count towards the set-aside limit
        money = [columns[k] for k in MONEY_KEYS if k in columns]
        from .io import LineRoles

        roles = LineRoles.of(columns)
        rows = _order_rows(frame, headers, money, roles).to_numpy().copy()
        rows &= ~_customer_subtotals(frame, columns, rows)  # 华东医药 | | 12,345.00: the run's subtotal_row
        if headed:  # the lines without a customer are the subtotals, those above the first heading only unusable
            from .io import heading_customers

            rows &= (ids.notna() | heading_customers(frame).ffill().isna()).to_numpy()
            # of the lines above the first heading, a title or note (销售台账 | 单位：元: no figure where the amount is)
            # is a label row, no line of no customer (the run sets it aside so, not counted against the limit)
            figures = [h for h in money if h in frame]
            if figures:
                rows &= (ids.notna() | frame[figures].astype("string").apply(
                    lambda col: col.str.contains(r"\d", regex=True)).fillna(False).any(axis=1)).to_numpy()
        no_id = ids.isna().to_numpy().copy()
        # no code but the customer's name (临时客户 entered by name): cleaning.blank_ids: name grades them by it
        named_blank = np.zeros(len(frame), dtype=bool)
        if columns.get("customer_name") not in (None, columns["customer_id"]):
            from .clean import EXCEL_ERROR, NO_ID, WALK_IN

            names = _cells(frame, columns["customer_name"]).astype("string").str.strip().replace("", pd.NA)
            # nor 散客 (walk-in sales pooled under one name: graded so, they would top the grading; review)
            none = names.str.fullmatch(f"{NO_ID}|{EXCEL_ERROR}") | names.str.fullmatch(WALK_IN.pattern, case=False)
            named_blank = no_id & (names.notna() & ~none.fillna(False)).to_numpy()
        if "order_id" in columns:  # an order's other rows (Shopify) are no guest sales
            orders = _cells(frame, columns["order_id"]).astype("string").str.strip().replace("", pd.NA)
            named = ids.reset_index(drop=True).groupby(orders.reset_index(drop=True)).nunique()
            # a row without a customer takes its order's one customer, as cleaning does (_fill_from_order)
            no_id &= ~orders.isin(named.index[named.to_numpy() == 1]).to_numpy()
            if "amount" in columns:  # a row without an amount of an order priced on another row: dropped
                rows &= ~_order_lines(orders, _cells(frame, columns["amount"]))
        # a CRM's deals (a stage column beside deals won) are a deal a row: one without a company is no line of the
        # company above it (QA: a HubSpot export's deals without an Associated Company filled down to the row above's)
        deals = bool(lost_and_open_stages(frame, headers))
        if path.suffix.lower() != ".parquet" and rows.any() and no_id[rows].mean() > 0.05 and not deals:
            # a hand-kept sheet naming the customer on the first row of its block only, or a report grouped by
            # customer writing its code on the group's first line only (金蝶's 销售明细表, QA c100): data.fill_down
            from .io import fill_down

            headers_of_id = columns["customer_id"] if isinstance(columns["customer_id"], list) else \
                [columns["customer_id"]]
            framed = frame if SOURCE_ROW in frame else frame.assign(**{SOURCE_ROW: range(2, len(frame) + 2)})
            money_headers = [h for k in ("amount", "quantity", "unit_price") if k in columns for h in _names(columns[k])]
            carried = clean_customer_id(_cells(fill_down(framed, headers_of_id, money=money_headers, roles=roles),
                                               columns["customer_id"]))
            taken = (no_id & carried.notna().to_numpy()) & rows
            below = bool(taken.sum() >= 0.8 * no_id[rows].sum())
            # rows naming their customer are no block's; an export of orders (its order numbers) takes blanks
            # for blocks only when each block names its customer once, the dates starting again at each block
            # (guest sales between registered customers' orders stay guest sales)
            named_once = below and _named_once(ids, rows, int(taken.sum()))
            blocks = named_once and _dates_start_again(frame, columns, ids, rows, date_format)
            # a document written with its header on its first line only (金蝶云星空's 引出: 单据编号, 日期, 客户 on the
            # first entry of each 销售出库单): the rows without a customer have no document number either, and every
            # row with a number names its customer (QA cn: 67% of revenue set aside as guest sales); each number is
            # on one row only, and the rows without one have no date either where a date is mapped (review rcn: an
            # order export whose rows missing the customer missed the order number too, dated, was filled down, each
            # such row taking the order above and its customer)
            documents = below and "order_id" in columns and bool(
                np.mean(orders.isna().to_numpy()[no_id & rows]) >= 0.8
                and np.mean(ids.notna().to_numpy()[rows & orders.notna().to_numpy()]) >= 0.95)
            if documents:
                numbered = orders[rows & orders.notna().to_numpy()]
                headless = no_id & rows & orders.isna().to_numpy()
                if "order_date" in columns:
                    days = _cells(frame, columns["order_date"]).astype("string").str.strip().replace("", pd.NA)
                    # ... or each dated as its document above (an ERP writing the date on every line, the rest of the
                    # header on the first: QA cn, 63% set aside as guest sales), where an order export's rows that
                    # lost customer and number are dated each its own day (review rcn); a few such rows alone tell
                    # nothing, the documents of several lines being most of a document export's rows
                    above = days.where(orders.notna().to_numpy()).ffill()
                    # ... beyond chance: where most numbered rows share the day of the one before (a busy day's
                    # orders, dated by day), a guest sale between them is dated as the order above it too (review)
                    firsts = days[rows & orders.notna().to_numpy()]
                    chance = float((firsts == firsts.shift()).fillna(False).iloc[1:].mean()) if len(firsts) > 1 else 1.0
                    dated = (bool(np.mean(days.isna().to_numpy()[headless]) >= 0.8)
                             or bool(np.mean((days == above).fillna(False).to_numpy()[headless]) >= 0.95
                                     and headless.sum() >= 0.2 * rows.sum() and chance <= 0.75))
                else:
                    dated = True
                documents = numbered.nunique() >= 0.95 * len(numbered) and dated
            if below and documents:
                fill_keys = ["customer_id"] + (["customer_name"] if columns.get("customer_name") not in
                                               (None, columns["customer_id"]) else []) + ["order_id"]
                ids, no_id = carried, no_id & carried.isna().to_numpy()
                notes.append(Note(
                    f"{int(taken.sum()):,} of the {int(rows.sum()):,} sample order rows have neither customer nor "
                    f"document number, below a row with both (a document's header written on its first line only): "
                    f"data.fill_down is drafted so that each line takes its document's customer and number",
                    f"样本 {int(rows.sum()):,} 行订单中有 {int(taken.sum()):,} 行既无客户也无单据编号，上方有写明两者的行"
                    f"（单据头只写在每张单据的第一行）：已起草 data.fill_down，各行取所属单据的客户与单据编号"))
            # a report naming each customer on a row of its own above its documents (QuickBooks' Num beside them:
            # QA qa13, the order ID drafted left every line a guest sale) is such blocks, numbered or not
            elif below and (blocks or grouped == columns["customer_id"] or (
                    "order_id" not in columns and named_blank[rows].sum() < 0.5 * no_id[rows].sum())):
                fill_keys = ["customer_id"] + (["customer_name"] if columns.get("customer_name") not in
                                               (None, columns["customer_id"]) else [])
                ids, no_id = carried, no_id & carried.isna().to_numpy()
                notes.append(Note(
                    f"{int(taken.sum()):,} of the {int(rows.sum()):,} sample order rows have an empty customer cell "
                    f"below a row naming one (a hand-kept sheet, or a report grouped by customer, names the customer "
                    f"on the first row of its orders): data.fill_down is drafted so that they take the customer above "
                    f"them",
                    f"样本 {int(rows.sum()):,} 行订单中有 {int(taken.sum()):,} 行的客户单元格为空，上方有写明客户的行"
                    f"（手工台账、按客户分组的报表只在每位客户的第一行写客户）：已起草 data.fill_down，这些行取上方的客户"))
            elif named_once and named_blank[rows].sum() < 0.5 * no_id[rows].sum():
                # blocks naming their customer once, the dates not telling: neither fill_down nor a set-aside limit
                # near 1 (QA c100: 96% of revenue set aside as guest sales); the note, and the run's stop, say both
                blanks_in_blocks = True
                notes.append(Note(
                    f"{int(taken.sum()):,} of the {int(rows.sum()):,} sample order rows have an empty customer cell "
                    f"below a row naming one, each customer named once: if the file names each customer on the first "
                    f"row of its orders only (a report grouped by customer), set data.fill_down: [customer_id]; "
                    f"if they are guest sales, raise cleaning.max_set_aside_share",
                    f"样本 {int(rows.sum()):,} 行订单中有 {int(taken.sum()):,} 行的客户单元格为空，上方有写明客户的行，"
                    f"且每位客户只写一次：如文件只在每位客户的第一行写客户（按客户分组的报表），请设 data.fill_down: "
                    f"[customer_id]；如是散客销售，请调高 cleaning.max_set_aside_share"))
        mail = None if fill_keys else _mail_for_blank_ids(frame, columns, headers, rows, no_id)
        if mail is not None:  # guest checkouts (WooCommerce's Customer User ID 0): the e-mail names every buyer
            notes.append(Note(
                f"{no_id[rows].mean():.0%} of the sample order rows have no customer in {columns['customer_id']!r} "
                f"(guest checkouts?), while {mail!r} holds an e-mail address on every row: customer_id is drafted as "
                f"{mail!r}, so that those buyers are graded rather than set aside",
                f"样本订单行中有 {no_id[rows].mean():.0%} 在 {columns['customer_id']!r} 中没有客户（游客下单？），而 "
                f"{mail!r} 每行都有电子邮箱：customer_id 已起草为 {mail!r}，这些买家因此参与分级、不被单列"))
            columns["customer_id"] = mail
            ids = clean_customer_id(_cells(frame, mail))
            no_id = ids.isna().to_numpy().copy()
            named_blank &= no_id
        # a deal still open has no close date yet: no day written on its first line only (Dynamics 365's Open deals)
        # a ledger's 期初余额 / 期末余额 lines, undated and left out, are no lines of a day written once (review rint:
        # a customer statement drafted data.fill_down: [order_date] for them alone)
        balances = (_excluded_rows(frame, opening_balances(frame, headers, columns))
                    if "payment" in columns or "credit" in columns else np.zeros(len(frame), dtype=bool))
        if "customer_id" in fill_keys:  # the sum lines under documents whose lines below the first name no customer
            rows &= ~_customer_subtotals(frame, columns, rows, ids=ids)  # (the customer filled down, as the run reads)
        dated = (_dated_by_the_row_above(frame, columns, rows & ~balances, roles) if path.suffix.lower() != ".parquet"
                 and not deals else 0)
        if dated:  # a ledger writing the day on its first line only: the lines below are that day's too
            fill_keys = [*fill_keys, "order_date"]
            notes.append(Note(
                f"{dated:,} of the {int(rows.sum()):,} sample order rows have an empty date cell below a dated row (the "
                f"day written on its first line only): data.fill_down is drafted so that they take the date above them",
                f"样本 {int(rows.sum()):,} 行订单中有 {dated:,} 行的日期为空，上方有写明日期的行（同一天只在第一行写日期）："
                f"已起草 data.fill_down，这些行取上方的日期"))
        unpaid = _unpaid_rows(frame, columns, rows)
        if unpaid:  # orders not paid: the run sets them aside (reason unpaid), which the consultant should expect
            header = _names(columns["order_date"])[0]
            notes.append(Note(
                f"{unpaid:,} of the {int(rows.sum()):,} sample order rows have no payment date ({header!r} is "
                f"empty): orders not paid, which the run sets aside as unpaid, no sale; to grade orders when placed, "
                f"map order_date to the order's creation date instead",
                f"样本 {int(rows.sum()):,} 行订单中有 {unpaid:,} 行没有付款时间（{header!r} 为空）：订单未付款，运行时单列为"
                f"“未付款”、不计入分级；如要按下单时间分级，请把 order_date 改为下单时间列"))
        named_rows = no_id & named_blank & rows  # said once the rows left out by type are known (below)
        order_rows = int(rows.sum())
        no_id &= ~named_blank  # graded by name, not set aside
        # of the rows the run keeps: deals lost or still open and orders cancelled are left out before the share is
        # taken (QA: a CRM export's limit, drafted on every deal, stopped the run on the deals won)
        counted = rows & ~_excluded_rows(frame, cancelled_statuses(frame, headers, amount=columns.get("amount"),
                                                                   quantity=columns.get("quantity"),
                                                                   refund=columns.get("refund")))
        # …and documents of another kind, drafted out below: PayPal's General Withdrawal, naming no buyer (QA: a
        # limit of 0.2 drafted for them)
        counted &= ~_excluded_rows(frame, non_sales_documents(frame, headers))
        no_id_share = float(no_id[counted].mean()) if counted.any() else 0.0
        if no_id_share > 0.05 and not blanks_in_blocks:  # drafted as cleaning.max_set_aside_share: said too (QA)
            limit = min(1.0, round(no_id_share + 0.05, 2))
            notes.append(Note(f"{no_id_share:.0%} of the sample order rows have no customer ID (guest sales?): they "
                              f"are set aside, and cleaning.max_set_aside_share: {limit:g} is drafted so that the run "
                              f"does not stop on them (at 5%, the default); if every line should name a customer, "
                              f"take it off and have the export fixed",
                              f"样本中 {no_id_share:.0%} 的订单行没有客户编码（散客销售？）：这些行会被单列；已起草 "
                              f"cleaning.max_set_aside_share: {limit:g}，运行不会因此停止（默认 5% 即停止）；"
                              f"如每行都应有客户，请删去该行并请客户重新导出"))
        customers = int(ids.nunique())
        subs = sub_customers(ids[rows])
        variants = id_variant_groups(ids[rows])
        if others and isinstance(columns["customer_id"], str):  # the other files' codes too (H1 0000100787, H2 100787)
            theirs = [clean_customer_id(_cells(table, columns["customer_id"])) for _, table in others
                      if columns["customer_id"] in table.columns]
            if theirs:
                variants = id_variant_groups(pd.concat([ids[rows], *theirs], ignore_index=True))
        padded = _padded_codes(variants, customers)
        if padded:
            notes.append(Note(f"{len(variants):,} of the {customers:,} customers are written with leading zeros in one "
                              f"file and without in another (e.g. {'; '.join(variants[:3])}): cleaning.id_variants: "
                              f"merge is drafted, grading each as one customer (keep grades them apart)",
                              f"{customers:,} 个客户中有 {len(variants):,} 个的编码在一个文件中带前导零、在另一个文件中不带（如 "
                              f"{'；'.join(variants[:3])}）：已起草 cleaning.id_variants: merge，各合并为一个客户（keep 则分开分级）"))
        elif variants and all(_alike_but_for_writing(group) for group in variants):
            # D002 and d002, （东院） and (东院) alone: merge is drafted (see the cleaning lines), and the note says so
            notes.append(Note(f"{len(variants):,} customer{'' if len(variants) == 1 else 's'} written in upper and "
                              f"lower case, full- and half-width or with spaces in the sample (e.g. "
                              f"{'; '.join(variants[:3])}): cleaning.id_variants: merge is drafted, grading each as one "
                              f"customer (keep grades them apart)",
                              f"样本中有 {len(variants):,} 个客户的编码只差大小写、全角半角或空格（如 {'；'.join(variants[:3])}）："
                              f"已起草 cleaning.id_variants: merge，各合并为一个客户（keep 则分开分级）"))
        elif variants:
            notes.append(Note(f"{len(variants):,} customer{' looks' if len(variants) == 1 else 's look'} written "
                              f"two ways in the sample (e.g. {'; '.join(variants[:3])}): a run grades them apart and "
                              f"lists them in id_check.csv; cleaning.id_variants: merge grades each as one customer",
                              f"样本中有 {len(variants):,} 个客户的编码像是有两种写法（如 {'；'.join(variants[:3])}）："
                              f"运行时分开分级，并列在 id_check.csv 中；设 cleaning.id_variants: merge 则各合并为一个客户"))
        if contacts := _contact_names(ids[rows]):
            one = len(contacts) == 1
            notes.append(Note(
                f"{len(contacts):,} customer{'' if one else 's'} {'is' if one else 'are'} written alone and with a "
                f"contact person after a comma (e.g. {'; '.join(contacts[:3])}), as Odoo names a company's contact: a run "
                f"grades each contact apart from the company, splitting its revenue and orders; export the company as "
                f"the customer (in Odoo, Customer/Commercial Entity) so that each is one customer, or uncomment the "
                f"cleaning.same_customers drafted at the end, which grades each contact under its company",
                f"样本中有 {len(contacts):,} 个客户既单独出现，又带逗号后的联系人出现（如 {'；'.join(contacts[:3])}，Odoo 以此"
                f"写公司的联系人）：运行时每个联系人与公司分开分级，其消费额和订单数被拆开；请导出公司作为客户列（Odoo 中为"
                f" Customer/Commercial Entity），使每家公司只算一个客户；或取消草稿末尾 cleaning.same_customers 各行的注释，"
                f"把每个联系人计入其公司"))
            # …or, without a new export, the commented cleaning.same_customers the draft ends with (QA: none offered)
            subs, sub_kind = sorted((written, company) for company, ways in _contacts_by_company(ids[rows]).items()
                                    for written in ways), "contact"
        def customers_in_window():
            return _customers_in_window(ids, _cells(frame, columns["order_date"]), date_format,
                                        thin or _window_end(as_of, ambiguous, monthly, first, year=year)[0])

        if as_of is not None:
            window_customers = customers_in_window()
    _note_tax(columns, headers, notes)
    _note_names_in_several_places(frame, columns, notes)
    money_key = "amount" if "amount" in columns else "unit_price" if "unit_price" in columns else None
    if money_key and isinstance(columns[money_key], str):
        _note_marked_currencies(frame[columns[money_key]], columns[money_key], notes)
    currency = guess_currency(columns[money_key], _cells(frame, columns[money_key])) if money_key else None
    currency_from = None
    if money_key and (original := next((h for h in headers if local_twin(h, headers) == columns[money_key]), None)):
        _note_local_twin(frame, headers, columns[money_key], original, notes)
    if currency is None and not (money_key and is_twin_in_one_currency(columns[money_key], headers)):  # one currency
        currency, currency_from = _currency_column(frame, headers, notes)
    currency_why = None
    if currency is None:
        currency, currency_why = _currency_of_country(frame, headers)
    if currency is None and date_format == ROC:  # only Taiwan counts its years from 1912 (民國元年)
        currency, currency_why = "TWD", Note("the dates are in Taiwan's ROC (民國) calendar", "日期按民國纪年，是台湾的导出")
    title = _title_said(path, holding[0] if sheet == "all" and holding else sheet,  # 单位：万元 above the table
                        encoding=encoding)
    footnote = title is None and (title := _footnote_said(whole_sheet)) is not None  # 注：金额单位为万元 below it
    if currency is None and (titled := _title_currency(title)):
        currency, currency_why = titled, Note("the unit the title above the table names", "表头上方标题注明的单位")
    money = columns[money_key] if money_key else None
    if ((currency is None or (currency == "RMB" and not currency_from and not currency_why
                              and not _names_rmb(money, _cells(frame, money) if money else None)))
            and (script := _script_currency(headers))):  # a Japanese export's ¥ is a yen (QA c66: drafted RMB)
        currency, currency_why = script
    order_refund = _total_beside_order_refund(frame, headers, columns)
    if order_refund:  # the order's refund on each of its lines, its total beside: the total, counted once per order
        columns = {**columns, "amount": order_refund}
        notes.append(Note(
            f"{columns['refund']!r} carries the order's refund on each of its lines, and {order_refund!r} the "
            f"order's total on each: drafted amount: {order_refund!r} with cleaning.order_totals: once, so that each "
            f"order counts its total less its refund once (each line's own amount less the order's refund on every "
            f"line would take a refund off once per line)",
            f"{columns['refund']!r} 在订单的每一行都写着整单退款，{order_refund!r} 每行都是整单金额：已起草 amount: "
            f"{order_refund!r} 并设 cleaning.order_totals: once，每单按整单金额减退款计一次（按各行自己的金额每行都减"
            f"整单退款，会按行数重复扣减）"))
    used = {h for header in columns.values() for h in ([header] if isinstance(header, str) else header)}
    unused = [h for h in headers if h not in used]
    decimal, decimal_example = _decimal_of(frame, columns.get("amount") or columns.get("unit_price"), currency)
    distributors = _distributors_instead(columns, unused)
    if distributors:  # a 医药流向 graded by its terminals: the distributors are there too (QA cn)
        notes.append(distributors[0])
    lacking = _lacking(frame, unused, missing)
    if not joins and not more and (hint := _join_hint(path, columns, missing)):
        notes.append(hint)  # Northwind's Order Details beside its Orders, given alone (QA: 'cannot be graded')
        lacking = []
    if lacking == ["order_date"] and one_row_per_customer(frame, columns.get("customer_id")):
        # a 销售统计表: a row per customer, its year's totals (QA: said to be visits or clicks)
        notes.append(Note("no column of the file holds dates, and each customer is on one row: a summary by customer "
                          "(a sales statistics report), not the orders; the kit grades customers by their order lines' "
                          "dates and amounts, so export the order lines (invoices, deliveries) with their dates",
                          "文件中没有任何一列是日期，且每位客户只占一行：这是按客户汇总的统计表（如销售统计表），不是订单明细；"
                          "kit 按订单行的日期和金额为客户分级，请导出带日期的订单明细（发货单、出库单或发票明细）"))
    elif lacking:  # Instacart's orders.csv: days since the last order, no date, no amount (QA)
        said = {"order_date": ("dates", "日期"), "amount": ("amounts of money", "金额")}
        en = " or ".join(said[k][0] for k in lacking)
        zh_said = "或".join(said[k][1] for k in lacking)
        notes.append(Note(f"no column of the file holds {en}: the kit grades customers by their order lines' dates "
                          f"and amounts, so this file (visits, clicks, counts of orders ...) cannot be graded as it "
                          f"is; an export of the orders with their dates and amounts can",
                          f"文件中没有任何一列是{zh_said}：kit 按订单行的日期和金额为客户分级，这个文件（访问、点击、订单次数等）"
                          f"无法直接分级；请导出带日期和金额的订单明细"))
    if "amount" in missing and "amount" not in lacking and (events := browsing_events(frame, headers)):
        event_header, browsed = next(iter(events.items()))  # a clickstream without prices (QA: item IDs offered as amounts)
        bought = [v for v in _cells(frame, event_header).astype("string").str.strip().dropna().drop_duplicates()
                  if v and v not in browsed]
        notes.append(Note(f"{event_header} names events ({' / '.join([*bought[:2], *browsed[:4]])}) and no column is headed as "
                          f"an amount of money: an event log without prices cannot be graded, as the kit grades "
                          f"customers by their purchases' amounts (the other number columns are IDs or counts, no "
                          f"money); export the orders with their amounts, or a column of each purchase's price",
                          f"{event_header} 记录的是行为事件（{' / '.join([*bought[:2], *browsed[:4]])}），没有金额列：kit 按购买金额为客户"
                          f"分级，没有价格的行为日志无法分级（其他数字列是编号或次数，不是金额）；请导出带金额的订单，"
                          f"或加一列每次购买的价格"))
    # a Chinese draft's currency is RMB unless something names another (drafted so below)
    zone_hint = _time_zone_hint(frame, columns.get("order_date"), date_format,
                                currency or ("RMB" if language == "zh" else None), notes)
    if zone_hint and zone_hint[0] and as_of is not None and window_of is not None:
        # the window drafted in the zone suggested, not in UTC: an order late on its window's last evening there is
        # the next day's in UTC (QA: as_of a day early beside the data.time_zone suggested)
        zoned = window_of(zone_hint[0])
        if zoned[0] is not None and zoned[:4] != (as_of, monthly, first, thin):
            notes[:] = [n for n in notes if all(n is not o for o in window_notes)] + zoned[4]
            as_of, monthly, first, thin = zoned[:4]
            if window_customers is not None:
                window_customers = customers_in_window()
    if people and "sales_rep" not in columns:
        shown = ", ".join(people[:4]) + (", …" if len(people) > 4 else "")
        notes.append(Note(f"the workbook keeps a sheet per person ({shown}), the person on no line: sheet_as: sales_rep "
                          f"keeps each sheet's name as its lines' sales rep; delete that line if the sheets are not "
                          f"salespeople (or name the attribute they are)",
                          f"工作簿每人一张表（{'、'.join(people[:4])}{'……' if len(people) > 4 else ''}），订单行上没有此人："
                          f"sheet_as: sales_rep 把各表名作为其订单行的业务员；如工作表不是业务员，请删去该行（或改为它们所表示的属性）"))
    else:
        people = []
    out = Draft(decimal=decimal, decimal_example=decimal_example, lines_file=path if swapped else None, columns=columns, unused=unused, missing=missing, as_of=as_of, monthly=monthly, first=first, thin=thin,
                named_year=year, given_year=given_year or (rolled[0] if rolled else None),
                rolled_from=rolled[1] if rolled else None, given_from=None if rolled else given_from,
                other_title_year=None if rolled else other_title_year, title_unit=_title_unit(title), unit_below=footnote, header_units=header_units,
                date_format=date_format,
                language=language, rows_seen=len(frame), no_id_share=no_id_share, customers=customers,
                blanks_in_blocks=blanks_in_blocks,
                id_variants=variants, padded_ids=padded, positional=positional, currency=currency,
                currency_from=currency_from, currency_why=currency_why, ambiguous=ambiguous, either=either,
                date_example=unclear[0] if unclear else None, date_choices=unclear[1:] if unclear else None,
                year_month=year_month, notes=notes, time_zone_hint=zone_hint, sheet_people=people or None,
                window_customers=window_customers if len(frame) < SAMPLE_ROWS else None)
    out.fill_down = fill_keys
    out.sub_customers, out.sub_kind = subs, sub_kind
    out.traditional = _in_traditional(headers)  # 顧客編號: TWD or HKD, not RMB
    out.discount_percent = discount_percent
    out.discount_unsure = discount_unsure
    if amount_said:
        out.line_said["amount"] = amount_said[1]
    elif isinstance(paid := columns.get("amount"), str) and _SHOP_PAID.fullmatch(_norm(paid)) and (goods := next(
            (h for h in headers if _GOODS_TOTAL.fullmatch(_norm(str(h))) and h not in columns.values()), None)):
        # 京东's 应付金额 beside 订单金额: what the buyer pays after coupons, freight in; the goods' total named
        out.line_said["amount"] = (f"what the buyer pays, after coupons; {goods!r} beside it is the goods' total "
                                   f"before them",
                                   f"买家应付（扣除优惠后）；旁边的 {goods!r} 是优惠前的商品总额")
    elif split is not None and columns.get("amount") == split[0]:  # a register of sales by tax rate: the total
        out.line_said["amount"] = rate_said
    elif isinstance(total := columns.get("amount"), str) and _norm(total) == "total price" and {
            "shipping and handling", "sold for"} <= {_norm(str(h)) for h in headers}:
        # eBay's orders report: what the buyer paid, shipping and the tax eBay collects in (QA: said nowhere)
        out.line_said["amount"] = (
            "what the buyer paid for the order: the goods ('Sold For' each unit), 'Shipping And Handling' and the "
            "sales tax eBay collects and pays on ('eBay Collected Tax'), which is no revenue of the shop",
            "买家为订单支付的总额：商品（'Sold For' 为单价）、运费 'Shipping And Handling' 和 eBay 代收代缴的销售税"
            "（'eBay Collected Tax'，不是店铺的收入）")
    if distributors:
        out.line_said["customer_id"] = distributors[1]
    elif isinstance(cid := columns.get("customer_id"), str) and _NICKNAME.fullmatch(_norm(cid)):
        # 用户昵称, 买家昵称 the customer: said on its line too, where the params are checked (review rcn)
        out.line_said["customer_id"] = ("a nickname: a buyer may change it and two may share it; ask the client for "
                                        "the buyer's ID (openid) if it has one",
                                        "昵称：买家可以改昵称，不同买家也可能同名；如客户能导出买家ID（openid），请索取")
    elif isinstance(cid := columns.get("customer_id"), str) and _norm(cid) == "name" and {
            "from email address", "to email address"} <= {_norm(str(h)) for h in headers}:
        out.line_said["customer_id"] = (
            "the other party of each transaction, the buyer on a payment and on its refund alike (From Email "
            "Address is yours on a refund, the buyer's in To Email Address); two buyers of one name are one customer",
            "每笔交易的对方，付款和退款上都是买家（退款行的 From Email Address 是商家自己，买家在 To Email Address）；"
            "同名的两位买家算作一个客户")
    if empty_id:  # the "?" line's comment says why, not "not recognised" (QA qa13)
        out.line_said["customer_id"] = (f"{empty_id!r} {said_en}: put the header of a column naming the buyers here",
                                        f"{empty_id!r} {said_zh}：请在此填写写明买方的列的表头")
    out.customer_headings = headed[0] if headed else None
    out.blocks_named = bool(side) and not by_sheet and any(isinstance(v, list) for v in columns.values())
    out.date_parts = date_parts
    out.day_numbers = day_numbers
    out.quantity_said = quantity_said
    out.minor_units = _minor_units(frame, columns, headers)
    money = columns.get("amount") or columns.get("unit_price")
    # a unit said (金额(万元), 单位：万元 above the table, per sheet): its amount_scale is drafted, not a guessed one
    # (re-read: 0.2301 万元 drew the scaled-price note beside amount_scale: 10000)
    unit_said = out.minor_units or out.title_unit or out.header_units or amount_scale(money) or header_scales(money)
    out.scaled_amounts = None if unit_said else _scaled_amounts(frame, columns)
    if out.scaled_amounts:
        factor, cell = out.scaled_amounts
        notes.append(Note(f"{columns['amount']} holds amounts such as {cell}, written to more decimals than money has "
                          f"and most under 1 (a price scaled for publication, as H&M's): rounded to the cent line by "
                          f"line they would lose their digits, so amount_scale: {factor} is drafted; take it off if "
                          f"they are amounts of money",
                          f"{columns['amount']} 的金额如 {cell}，小数位比货币多且大多不足 1（如 H&M 公开数据中换算过的价格）："
                          f"逐行四舍五入到分会丢失有效数字，已起草 amount_scale: {factor}；如它们确是货币金额，删去该行"))
    if out.minor_units:
        beside = _minor_units_beside(headers)
        notes.append(Note(f"{columns['amount']} holds whole numbers beside {beside}, as Stripe "
                          f"writes amounts in the currency's smallest unit (cents: 19800 is 198.00): amount_scale: "
                          f"0.01 is drafted; take it off if the amounts are whole currency units",
                          f"{columns['amount']} 全是整数，旁边有 {beside}：Stripe 以币种的最小单位（分）"
                          f"记金额，19800 即 198.00，已起草 amount_scale: 0.01；如金额本就以元计，删去该行"))
    out.joins = [(other, key) for other, key, _ in joined]
    out.wide_year = wide_year
    out.more = list(more)
    rules_from = past.frame(frame)  # the sample, with rows past it whose status, type or remark is new
    returns = refunded_returns(rules_from, headers, columns.get("refund"), columns.get("amount"))
    out.exclude = cancelled_statuses(rules_from, headers, amount=columns.get("amount"),
                                     quantity=columns.get("quantity"), refund=columns.get("refund"), returns=returns)
    for header, (values, refunded, whole) in returns.items():
        # Returned beside a refund column (Shopify's Refunded Amount): the refund nets the line, a partial one
        # keeping the rest (open item: left out whole, the part kept lost)
        notes.append(Note(
            f"{header} reads {' / '.join(values)} on {refunded + whole:,} sample rows, {refunded:,} of them carrying a "
            f"refund in {columns['refund']!r}: not drafted into cleaning.exclude, so each such line counts its amount "
            f"less its refund (a partial refund keeps the rest, a whole one leaves 0)"
            + (f"; {whole:,} carry no refund and count whole: if their goods came back unrefunded, cleaning.exclude: "
               f"{{{header}: [{', '.join(values)}]}} leaves them out, but the refunded lines too, their part kept "
               f"lost with them" if whole else ""),
            f"{header} 在样本的 {refunded + whole:,} 行中为 {' / '.join(values)}，其中 {refunded:,} 行在 "
            f"{columns['refund']!r} 中有退款：未起草进 cleaning.exclude，每行按金额减退款计（部分退款保留其余部分，"
            f"全额退款即为 0）" + (f"；{whole:,} 行没有退款，按全额计：如这些货物退回而未退款，cleaning.exclude: "
                               f"{{{header}: [{', '.join(values)}]}} 可排除它们，但有退款的行也一并排除，其保留部分随之丢失"
                               if whole else "")))
    if wide_year is not None:  # a row per measure under each customer (销售额 above 回款额): only the sales are sales
        for header, values in wide_measures(rules_from, headers, columns).items():  # (the exclude's note says so)
            out.exclude[header] = [*out.exclude.get(header, []), *values]
    for header, values in non_sales_documents(rules_from, headers).items():  # 收款单, 进货单 beside 销售单
        out.exclude[header] = [*out.exclude.get(header, []), *(v for v in values if v not in out.exclude.get(header, []))]
    for header, values in reissued_remarks(rules_from, headers).items():  # 作废重开, 重开（原单作废）
        # the void named first (作废重开, 作废（重开XS01234）): this line voided, re-issued as another (QA c75, twice)
        voided = [v for v in values if re.search(r"(作废|作廢|取消).*(重开|重開)", v)]
        if voided:
            out.exclude[header] = [*out.exclude.get(header, []), *(v for v in voided if v not in out.exclude.get(header, []))]
            notes.append(Note(
                f"{header} reads {' / '.join(voided[:4])} on some rows: a line voided and re-issued as another, drafted "
                f"into cleaning.exclude (the re-issued line counts); if these rows are the re-issued ones, take them off",
                f"{header} 有的行写着 {' / '.join(voided[:4])}：是作废后另开的原单，已起草进 cleaning.exclude（重开的新单照常计入）；"
                f"如这些行其实是重开的新单，请从列表中删去"))
        values = [v for v in values if v not in voided]
        if not values:
            continue
        notes.append(Note(
            f"{header} reads {' / '.join(values[:4])} on some rows: not drafted into cleaning.exclude (a re-issued "
            f"order may be this line or another); if these lines are the voided ones, add them to it",
            f"{header} 有的行写着 {' / '.join(values[:4])}：未起草进 cleaning.exclude（作废重开时，作废的可能是这一行，也可能是另一行）；"
            f"如这些行就是作废的行，请把这些值加入 cleaning.exclude"))
    for header, values in closed_statuses(rules_from, headers).items():  # U8's 关闭: a finished document, a sale
        n = int(_cells(frame, header).astype("string").str.strip().isin(values).sum())
        where, zh_where = ((f"on {n:,} of the {len(frame):,} sample rows", f"样本 {len(frame):,} 行中有 {n:,} 行")
                           if n else ("on some rows", "有些行"))
        listed = ", ".join(values)
        notes.append(Note(
            f"{header} reads {' / '.join(values)} {where}: counted as sales (in an ERP a closed document is a finished "
            f"one); if they are cancelled orders (an online shop's closed orders), leave them out with "
            f"cleaning.exclude: {{{header}: [{listed}]}}",
            f"{zh_where}的 {header} 为 {' / '.join(values)}：按销售计入（ERP 中关闭的单据是已完结的单据）；"
            f"如这些是取消的订单（网店已关闭的订单），请用 cleaning.exclude: {{{header}: [{listed}]}} 排除"))
    if "order_id" not in columns and (session := _session_column(rules_from, headers, columns, out.exclude)):
        # an event log's purchases in one browsing session are one checkout (REES46: user_session); without an order
        # ID they would be counted by customer and day, two sessions of a day as one order
        columns = out.columns = {**columns, "order_id": session}
        out.unused = [h for h in out.unused if h != session]
        out.session_order = session
        notes.append(Note(
            f"{session!r} names each browsing session and the log has no order number: drafted as the order ID, so "
            f"the purchase events of one session count as one order (two purchases minutes apart in a session are one "
            f"checkout in practice); without it, a customer's purchases of one day would count as one order",
            f"{session!r} 是每次浏览会话的编号，日志中没有订单号：已起草为订单号，同一会话中的购买事件计为一单（同一会话中"
            f"相隔几分钟的两次购买实际上是一次结账）；不设订单号时，客户同一天的购买计为一单"))
    for header, values in out.exclude.items():  # an expense (费用单) naming no customer is no customer by name
        named_rows &= ~_cells(frame, header).astype("string").str.strip().isin(values).fillna(False).to_numpy()
    out.by_name = int(named_rows.sum())
    if out.by_name:
        notes.append(Note(
            f"{out.by_name:,} of the {order_rows:,} sample order rows have no customer ID but the customer's name "
            f"(customers entered by name only?): cleaning.blank_ids: name is drafted, grading them under the ID "
            f"the name has on other lines, else under the name; set_aside leaves them out",
            f"样本 {order_rows:,} 行订单中有 {out.by_name:,} 行没有客户编码、但写有客户名称（只记名称的临时客户？）："
            f"已起草 cleaning.blank_ids: name，按名称计入（该名称在其他行有唯一编码时用该编码）；set_aside 则单列、不计入"))
    for i, part in enumerate(sheet_frames or [frame]):  # rows hidden by a filter (区域 = 华东): said, with the way
        _filter_note(part, f"sheet {str(holding[i])!r}" if sheet_frames else None, notes)  # to grade those alone
    copies = _copy_sheets(path, holding, sheet_frames, columns, by_sheet, date_format, notes) \
        if sheet == "all" and len(sheet_frames) > 1 else set()
    # exports that overlap: files, or sheets of one workbook (Online Retail II's two years share a week: QA); a
    # sheet the run skips as a copy (6月 (2)) is none
    overlapping = [*([f for i, f in enumerate(sheet_frames) if i not in copies] or [frame]),
                   *(table for _, table in others)]
    if "order_id" in columns and len(overlapping) > 1:
        out.shared_orders = shared_orders(overlapping, columns["order_id"], columns.get("order_date"))
    if "order_id" in columns and "amount" in columns:
        counts = _repeated_total_counts(frame, columns)
        out.repeated_totals = _repeated_totals(counts) or (counts if order_refund else None)
        counted = None if out.repeated_totals else counts
        # fewer orders of several lines than the run's check stops on: a line amount beside, if every one adds up
        found = (None if order_refund else _line_amount(frame, columns, headers) if out.repeated_totals else
                 _line_amount(frame, columns, headers, few=True) if counted and counted[0] >= 2 else None)
        lost = _lost_orders(frame, columns)
        if found is None and lost is not None and not order_refund:  # 6.92012E+18 after Excel: the orders told by
            # their time and total instead, so a line amount beside the total is still found (QA: 抖店 re-saved drafted
            # 订单应付金额, each line then counting its order's total, and the run stopped)
            found = _line_amount(lost, columns, headers)
            lost = None if found is None else lost  # the orders told so (their numbers lost): no order_totals: once
        if found is not None:  # the order's total on each line beside each line's own amount (an ERP's 订单金额
            # beside 商品金额): the line's, so that a line refunded or left out goes alone
            line, freight, off, checked, more = found
            total = columns["amount"]  # (QA cn: 订单金额 with order_totals once counted refunded lines, +3.2%)
            columns["amount"] = line
            out.repeated_totals = None
            out.unused = [total if h == line else h for h in out.unused]
            for i, said in enumerate(notes):  # a discount left out "after the amount": the line's now (QA: Zoho's
                # Discount said of Total, which the draft no longer maps)
                if isinstance(said, Note) and f"the amount {total!r} is taken to be after" in said:
                    notes[i] = Note(said.replace(f"the amount {total!r}", f"the amount {line!r}"),
                                    said.zh.replace(f"金额列 {total!r}", f"金额列 {line!r}"))
            less, zh_less = ((f" (the total less the order's {freight!r}: goods alone)", f"（整单金额减去 {freight!r}，只计商品）")
                             if freight else ("", ""))
            notes.append(Note(
                f"{total!r} carries the order's total on each of its lines, and {line!r} beside it each line's own "
                f"amount{less}: drafted amount: {line!r}, so that a line refunded or left out counts alone"
                + (" (the order numbers lost, no order can be counted once by its total)" if lost is not None else
                   f"; to grade on {total!r} instead, map it and set cleaning.order_totals: once")
                + (f"; in {off:,} of the sample's {checked:,} orders the lines do not add up to the total (a discount "
                   f"on the whole order?): counted by their lines, they differ from their totals by {more:+,.2f}" if off else ""),
                f"{total!r} 在订单的每一行都写着整单金额，旁边的 {line!r} 是各行自己的金额{zh_less}：已起草 amount: {line!r}，"
                f"使退款或排除的行只扣该行"
                + ("（单号已丢失，不能按整单金额每单计一次）" if lost is not None else
                   f"；如要按 {total!r} 分级，请改回它并设置 cleaning.order_totals: once")
                + (f"；样本 {checked:,} 个订单中有 {off:,} 个的各行之和不等于整单金额（整单优惠？）：按各行计，这些订单与整单金额相差 "
                   f"{more:+,.2f}" if off else "")))
        elif counted and counted[0] >= 2 and counted[0] == counted[1]:
            # too few for the run's check to stop on, and no line amount beside: said, not drafted (two items of one
            # price in an order carry one amount rightly)
            notes.append(Note(
                f"each of the sample's {counted[1]:,} orders of several differing lines carries one "
                f"{columns['amount']!r} on every line: if it is the order's total written on each line, set "
                f"cleaning.order_totals: once (each order counted once), else each line counts it (too few such "
                f"orders for the run to stop on)",
                f"样本中 {counted[1]:,} 个多行订单的每一行 {columns['amount']!r} 都相同：如这是写在每一行上的整单金额，"
                f"请设置 cleaning.order_totals: once（每单只计一次），否则每行都会计入它（这样的订单太少，运行时不会因此停止）"))
        if out.repeated_totals:
            notes.append(Note(
                f"in {out.repeated_totals[0]:,} of the sample's {out.repeated_totals[1]:,} orders of several lines, "
                f"every line carries the same {columns['amount']!r}: the order's total written on each of its lines, "
                f"so cleaning.order_totals: once is drafted (each order counted once)",
                f"样本中 {out.repeated_totals[1]:,} 个多行订单里有 {out.repeated_totals[0]:,} 个每行的 "
                f"{columns['amount']!r} 都相同：是整单金额写在了每一行上，故起草 cleaning.order_totals: once（每单只计一次）"))
            partly = _orders_partly_excluded(frame, columns["order_id"], out.exclude)
            if partly:  # a sub-order refunded (售后状态 退款成功) in an order counted by its total: the total holds it
                notes.append(Note(
                    f"cleaning.exclude leaves out some lines only of {partly:,} sample order{'s' if partly != 1 else ''} (a "
                    f"refunded item, say), "
                    f"whose {columns['amount']!r} is the whole order's: counted once, that total still holds the lines "
                    f"left out; to take them off, map a column of each line's own amount, if the file has one, as "
                    f"amount (and drop cleaning.order_totals)",
                    f"cleaning.exclude 只排除了样本中 {partly:,} 个订单的部分行（如其中一件商品退款），而这些订单的 "
                    f"{columns['amount']!r} 是整单金额：每单计一次时，排除的行仍含在整单金额中；如文件有各行自己的金额列，"
                    f"请把 amount 对应到它（并删去 cleaning.order_totals）"))
    out.charges = charge_lines(frame, headers, columns.get("product"))
    out.walk_in = walk_in_customers(frame, columns)
    cid = columns.get("customer_id")
    if isinstance(cid, str) and _NICKNAME.fullmatch(_norm(cid)) and cid in out.walk_in:
        # 微信用户 under a nickname the customer: the buyers who shared none, no one customer; left out, not graded as
        # one (QA cn: a walk-in's commented exclude graded them as one, or the column was left out whole)
        shared = [v for v in out.walk_in[cid] if DEFAULT_NICKNAME.fullmatch(v)]
        if shared:
            out.exclude[cid] = [*out.exclude.get(cid, []), *shared]
            out.default_nicknames = (cid, shared)
            rest = [v for v in out.walk_in[cid] if v not in shared]
            out.walk_in = {cid: rest} if rest else {}
    out.free_goods = free_goods_remarks(frame, headers, columns)
    for header, values in out.free_goods.items():
        marked = _cells(frame, header).astype("string").str.strip().isin(values)
        n = int(marked.sum())
        listed = header in out.exclude  # the column's exclude drafted live: the gifts offered in its list (review)
        notes.append(Note(
            f"{header} reads {' / '.join(values[:4])} on {n:,} sample line{'s' if n > 1 else ''} with a positive "
            f"amount: goods given (gifts, samples) written at their value, counted as sales as they stand; if they "
            f"were not paid for, " + (f"replace the params' cleaning.exclude line of {header} with the commented one "
                                      f"below it, "
                                      f"which adds them" if listed else
                                      "delete the '# ' of the commented cleaning.exclude drafted for them"),
            f"{header} 有 {n:,} 行写着 {'、'.join(values[:4])}，金额为正：是按价值记录的赠品或样品，目前照常计为销售；"
            f"如客户并未付款，" + (f"用参数文件 cleaning.exclude 下注释掉的一行（已加入它们）替换其中 {header} 一行即可排除" if listed
                           else "删去已起草的注释掉的 cleaning.exclude 开头的“# ”即可排除")))
    for header, values in out.walk_in.items():
        notes.append(Note(f"{header} reads {' / '.join(values[:4])}: walk-in sales under one name, graded as one "
                          f"customer (often among the largest); a commented cleaning.exclude is drafted to leave them "
                          f"out (delete the '# ' its lines start with)",
                          f"{header} 中有 {'、'.join(values[:4])}：是多位散客记在同一名称下的销售，会被当作一家客户分级"
                          f"（常排在前列）；已起草注释掉的 cleaning.exclude，如要排除，删去这几行开头的“# ”即可"))
    for header, values in out.charges.items():
        n = int(_cells(frame, header).astype("string").str.strip().isin(values).sum())
        notes.append(Note(f"{header} reads {' / '.join(values[:4])}{' ...' if len(values) > 4 else ''} on {n:,} of "
                          f"the {len(frame):,} sample rows: charges (postage, fees, discounts) rather than goods, "
                          f"counted as revenue; a commented cleaning.exclude is drafted to leave them out (delete "
                          f"the '# ' its lines start with)",
                          f"样本 {len(frame):,} 行中有 {n:,} 行的 {header} 为 {' / '.join(values[:4])}"
                          f"{' 等' if len(values) > 4 else ''}：是费用（运费、手续费、折扣）而非商品，会计入采购额；"
                          f"已起草注释掉的 cleaning.exclude，删去其行首的“# ”即可排除"))
    if "credit" in columns:  # a debit/credit pair: the credit side's lines are returns, or payments received
        title = _title_cells(path, holding[0] if sheet == "all" and holding else sheet) if path.suffix.lower() in (
            ".xlsx", ".xlsm", ".xls") else []
        names = [path.stem, *(str(n) for n in (holding if sheet == "all" else [sheet]) if isinstance(n, str)), *title]
        keep, out.credit_said, said, paying = _credit_side(rules_from, columns, headers, names, out.exclude)
        notes.append(said)
        for header, values in paying.items():  # payment lines beside returns on the credit side: left out
            out.exclude[header] = [*out.exclude.get(header, []), *values]
        if not keep:  # payments received: no sale, their lines set aside as such
            columns = out.columns = {("payment" if k == "credit" else k): v for k, v in columns.items()}
        for header, values in opening_balances(rules_from, headers, columns).items():  # 期初余额: no sale
            out.exclude[header] = [*out.exclude.get(header, []), *values]
    money = [columns[k] for k in ("amount", "quantity") if k in columns]
    out.returns_marked = marked_returns(rules_from, headers, _cells(rules_from, money[0])) if money else {}
    if money and isinstance(columns.get("order_id"), str) and columns["order_id"] not in out.returns_marked:
        # every file's numbers: a file per kind of document (销售出库明细, 销售退货明细 numbered XSTH...: QA)
        tables = [frame, *(table for _, table in others if columns["order_id"] in table.columns
                           and set(_names(money[0])) & set(table.columns))]  # 金额 here, 销售额 there (review)
        prefixes = credit_note_prefixes(pd.concat([_cells(t, columns["order_id"]) for t in tables], ignore_index=True),
                                        pd.concat([_cells(t, money[0]) for t in tables], ignore_index=True))
        if prefixes:
            out.returns_marked[columns["order_id"]] = prefixes
    if any(_VOID_FLAG_HEADER.search(_norm(str(h))) for h in out.exclude):
        # SAP's invoices and credit memos flagged cancelled (Cancelled: X), left out, beside the cancellations S1 and
        # S2 that cancel them: those left out too, not netted or counted as well (review: a cancelled invoice taken
        # off twice, a cancelled credit memo's S2 counted as a sale)
        for header in headers:
            if not _BILLING_TYPE_HEADER.search(str(header)):
                continue
            cells = _cells(rules_from, header).astype("string").str.strip()
            read = sap_standard_types(cells)  # ZS1, a client's copy of S1, as S1
            if not read.str.fullmatch(_SAP_INVOICE_TYPES).any():
                continue
            cancels = list(cells[read.str.fullmatch(_SAP_CANCELLATION).fillna(False)].drop_duplicates())
            if not cancels:
                continue
            excluded = out.exclude.get(header, [])
            out.exclude[header] = [*excluded, *(v for v in cancels if v not in excluded)]
            if rest := [v for v in out.returns_marked.get(header, []) if v not in cancels]:
                out.returns_marked[header] = rest
            else:
                out.returns_marked.pop(header, None)
            notes.append(Note(
                f"{header} {' / '.join(cancels)} (cancellations) drafted into cleaning.exclude: the documents they "
                f"cancel are flagged cancelled and left out already, so each cancelled document counts nothing",
                f"{header} 为 {' / '.join(cancels)}（冲销凭证）的行已起草进 cleaning.exclude：被冲销的单据已标记为取消并排除，"
                f"每张被冲销的单据都不计"))
    from .clean_sql import SIGN_VALUE

    red = negative_quantity_returns(rules_from, columns) if money else None
    if red and red[0] not in out.returns_marked:  # 红字: a return's quantity is negative, its amount positive
        out.returns_marked[red[0]] = [SIGN_VALUE]
        notes.append(Note(f"{red[0]} is negative on {red[1]:,} rows read whose {columns['amount']} is positive "
                          f"(returns written in red, 红字, with a positive amount): cleaning.returns_marked "
                          f"{red[0]}: [\"<0\"] is drafted so that they count as returns (negative)",
                          f"读取的行中有 {red[1]:,} 行 {red[0]} 为负而 {columns['amount']} 为正（红字退货的金额写成了正数）："
                          f"已起草 cleaning.returns_marked {red[0]}: [\"<0\"]，这些行按退货（负数）计"))
    if out.returns_marked:  # 状态 已退货 on the return lines a type column marks (销售退货): netted, not left out (review)
        marked = _marked_rows(rules_from, out.returns_marked)
        for header, values in list(out.exclude.items()):
            cells = _cells(rules_from, header).astype("string").str.strip()
            # ... and on the sales whose goods came back when the file holds the return lines too (单据类型 销售 with
            # 已退货 beside a 退货 document): each return netted once, not its sale left out as well (review rint:
            # the returns taken off twice, a customer's revenue 24% low)
            returned = [v for v in values if _RETURNED.search(v) and not _CANCELLED.search(_RETURNED.sub("", v))
                        and (marked[(cells == v).fillna(False).to_numpy(dtype=bool)].mean() > 0.5
                             or (marked & ~(cells == v).fillna(False).to_numpy(dtype=bool)).any())]
            kept = [v for v in values if v not in returned]
            if returned and any(not marked[(cells == v).fillna(False).to_numpy(dtype=bool)].mean() > 0.5
                                for v in returned):
                said = ", ".join(returned)
                notes.append(Note(
                    f"{header} {said} is written on sales lines while the file holds its return lines too "
                    f"({', '.join(out.returns_marked)}): the sales are counted and the returns netted, each return "
                    f"taken off once; if those returns have no return line here, add cleaning.exclude: "
                    f"{{{header}: [{said}]}}",
                    f"{header} 为 {said} 的是销售行，而文件另有退货行（{', '.join(out.returns_marked)}）：销售照计、退货行冲减，"
                    f"每笔退货只扣一次；如这些退货在文件中没有退货行，请加 cleaning.exclude: {{{header}: [{said}]}}"))
            if kept:
                out.exclude[header] = kept
            else:
                del out.exclude[header]
    for billing in [h for h, v in out.returns_marked.items() if _BILLING_TYPE_HEADER.search(str(h))
                    and any(re.fullmatch("[yz]?s1", x, re.IGNORECASE) for x in v)]:
        # SAP's Cancelled X (VBRK-FKSTO) on an invoice whose S1 cancellation is netted: the invoice counted and its
        # S1 taken off, once (integration review: left out as well, taken off twice)
        types = sap_standard_types(_cells(rules_from, billing))
        for header, values in list(out.exclude.items()):
            flagged = _excluded_rows(rules_from, {header: values})
            if _VOID_FLAG_HEADER.search(_norm(str(header))) and flagged.any() \
                    and types[flagged].str.fullmatch(_SAP_INVOICE_TYPES).fillna(False).all():
                del out.exclude[header]
                notes.append(Note(
                    f"{header} {' / '.join(values)} marks invoices cancelled by an S1 document in {billing}, which "
                    f"is netted (cleaning.returns_marked): not drafted into cleaning.exclude, so that each such "
                    f"invoice is taken off once; if an S1 is not in this file, leave its invoice out by hand",
                    f"{header} 为 {' / '.join(values)} 的是被 {billing} 中 S1 冲销凭证冲销的发票，S1 已按退货冲减"
                    f"（cleaning.returns_marked）：未起草进 cleaning.exclude，每张被冲销的发票只扣一次；如某张发票的 S1 "
                    f"不在本文件中，请手工排除该发票"))
    if money and isinstance(columns.get("order_id"), str) and "cancels" not in columns:
        # a column naming, on the returns, the order each cancels (SAP's Reference Document on its S1): an order wholly
        # cancelled is set aside with its cancellation, no order (QA: a cancelled invoice counted as an order)
        named = cancelling_reference(rules_from, out.unused, columns["order_id"], _cells(rules_from, money[0]),
                                     _marked_rows(rules_from, out.returns_marked))
        if named is not None:
            header, n = named
            columns["cancels"] = header
            out.unused = [h for h in out.unused if h != header]
            out.line_said["cancels"] = (
                f"the order each return names ({n:,} sample returns name one of the file's {columns['order_id']}): an "
                f"order a return cancels whole, netting to zero, is set aside with it, no order",
                f"退货行所注明的原单号（样本中 {n:,} 行退货注明了文件中的 {columns['order_id']}）：被整单冲销、相抵为零的订单与其冲销行"
                f"一并单列，不计订单")
    drafted = {h: [*out.exclude.get(h, []), *out.returns_marked.get(h, [])] for h in [*out.exclude, *out.returns_marked]}
    out.sap_copies = sap_copies(rules_from, drafted)
    for header, copies in out.sap_copies.items():  # ZG2 read as G2: what was assumed, said
        read = [(v, t) for v, t in copies.items() if v]
        notes.append(Note(
            f"{header} {' / '.join(v for v, _ in read)} are taken for the client's copies of SAP's standard billing "
            f"types {', '.join(f'{t} ({_SAP_KIND[t.lower()][0]})' for _, t in read)}, as their names and the "
            f"invoices {copies['']} beside them say: ask the client, and take a type out of cleaning if it is "
            f"something else",
            f"{header} 中的 {' / '.join(v for v, _ in read)} 按客户复制的 SAP 标准开票类型 "
            f"{'、'.join(f'{t}（{_SAP_KIND[t.lower()][1]}）' for _, t in read)} 处理（依据其名称及同列的发票 "
            f"{copies['']}）：请向客户确认，如某类型另有用途，请从 cleaning 中删去"))
    money_said = ("the month cells", "月份单元格") if wide_year is not None else (columns.get("amount"),) * 2
    if "amount" in columns or wide_year is not None:  # 红字 of a hand-kept workbook: a return written positive in red
        from .io import LineRoles, red_amounts, struck_lines
        from .wide import month_headers

        roles = LineRoles.of(columns, monthly=wide_year is not None)  # a total line as cleaning tells one

        for part in by_month if wide_year is not None else sheet_frames or [frame]:
            # a ledger by month: its month cells (review: its first run stopped on what init had not drafted)
            amounts = (month_headers([c for c in part.columns if c != SOURCE_ROW]) if wide_year is not None
                       else _names(columns["amount"]))
            struck = struck_lines(part, amounts)  # a line struck through (作废) is voided: its red says nothing more
            out.struck_rows += len(struck)
            in_red = red_amounts(part, amounts, roles)  # a red cell struck too is voided: the cell, as a month's is
            voided = set(zip(struck["at"], struck["column"]))
            out.red_amounts += sum(cell not in voided for cell in zip(in_red["at"], in_red["column"]))
    if "amount" in columns and wide_year is None:  # formulas a program wrote and Excel never calculated: said now,
        # not at kit check (QA hand: a draft written without a word, then kit check stopped)
        from .io import LineRoles, _stop_on_uncalculated

        keyed = {k: _names(v) for k, v in columns.items() if isinstance(v, (str, list))}
        for part in sheet_frames or [frame]:
            try:
                _stop_on_uncalculated(part, path.name, keyed, path=path, note=lambda line: None, lang="en",
                                      roles=LineRoles.of(keyed))
            except DataError as exc:
                notes.append(Note(exc.told("en"), exc.told("zh")))
                break
    if out.struck_rows:
        one = out.struck_rows == 1
        notes.append(Note(f"{out.struck_rows:,} {'line' if one else 'lines'} of the sample "
                          f"{'has its' if one else 'have their'} {money_said[0]} struck through (删除线: a voided line, 作废, in a hand-kept ledger): "
                          f"cleaning.struck_rows: void is drafted so that {'it is' if one else 'they are'} set aside, "
                          f"not counted; count counts {'it' if one else 'them'} as written",
                          f"样本中有 {out.struck_rows:,} 行的 {money_said[1]} 带删除线（手工台账中作废的行）：已起草 "
                          f"cleaning.struck_rows: void，单列、不计入；count 则按所写金额计入"))
    if out.red_amounts:
        one = out.red_amounts == 1
        notes.append(Note(f"{out.red_amounts:,} positive {'amount' if one else 'amounts'} of {money_said[0]} "
                          f"{'is' if one else 'are'} written in red font (红字: returns, credit notes or cancellations "
                          f"in a hand-kept ledger): cleaning.red_amounts: returns is drafted so that "
                          f"{'it counts as a return' if one else 'they count as returns'} (negative); sales counts "
                          f"{'it' if one else 'them'} as written",
                          f"工作簿中有 {out.red_amounts:,} 个 {money_said[1]} 正数金额用红色字体书写（手工台账的红字："
                          f"退货、冲销或作废）：已起草 cleaning.red_amounts: returns，按退货（负数）计；sales 则按所写金额计入"))
    for header, values in out.returns_marked.items():
        if red and header == red[0]:
            continue
        if all(v.endswith("*") for v in values):  # CN-501, CN-502: credit notes numbered apart from invoices
            starts = " / ".join(v[:-1] for v in values)
            notes.append(Note(f"{header} numbers some documents {starts}… (credit notes or returns) on rows with a "
                              f"positive amount: cleaning.returns_marked is drafted so that they count as returns "
                              f"(negative)",
                              f"{header} 中有以 {starts} 开头的单号（贷项通知单或退货单），金额为正：已起草 "
                              f"cleaning.returns_marked，这些行按退货（负数）计"))
            continue
        notes.append(Note(f"{header} reads {' / '.join(values)} on rows with a positive amount: "
                          f"cleaning.returns_marked is drafted so that they count as returns (negative)",
                          f"{header} 在金额为正的行上写着 {' / '.join(values)}：已起草 cleaning.returns_marked，"
                          f"这些行按退货（负数）计"))
    browsing = {header: [v for v in pd.unique(_cells(frame, header).astype("string").str.strip().dropna())
                         if v and v not in values]
                for header, values in browsing_events(rules_from, headers).items() if header in out.exclude}
    for header, values in out.exclude.items():
        cells = _cells(frame, header).astype("string").str.strip()
        n = int(cells.str.lower().isin([v.lower() for v in values]).sum())
        pending = set(unapproved_or_unpaid(cells.dropna().drop_duplicates().tolist()))
        unpaid = [v for v in values if v in pending or _norm(str(header)) in _PAID_FLAGS]
        drafts = [v for v in unpaid if _NOT_YET_INVOICED.fullmatch(v)]  # DRAFT, SUBMITTED: no invoice yet
        paying = [v for v in unpaid if v not in drafts]
        # values that only rows past the sample show (an export sorted by status): said so
        # the rows that show them: past the sample, or in the other files of a file per month
        whole = more and len(frame) < SAMPLE_ROWS
        later = (f"in {more[0].name if len(more) == 1 else 'the other files'}" if whole else
                 f"on rows past the first {len(frame):,}" + (" or in the other files" if more else ""))
        zh_later = (f"{more[0].name if len(more) == 1 else '其他文件'}中" if whole else
                    f"前 {len(frame):,} 行之后" + ("或其他文件中" if more else ""))
        where = f"on {n:,} of the {len(frame):,} sample rows" if n else \
            f"{later} ({path.name if whole else 'the sample'} shows none)"
        zh_where = (f"样本 {len(frame):,} 行中有 {n:,} 行的 {header} 为 {' / '.join(values)}" if n else
                    f"{zh_later}有 {header} 为 {' / '.join(values)} 的行（{path.name + ' ' if whole else '样本'}中没有）")
        if _STAGE_HEADER.search(_norm(str(header))) or any(_LOST_STAGE.fullmatch(v) for v in values):  # lost, open
            notes.append(Note(f"{header} reads {' / '.join(values[:6])} beside deals won {where}: deals lost or still "
                              f"open are no sale, so cleaning.exclude is drafted to leave them out; a stage not "
                              f"listed (a new one in a later export) counts as a sale, so add it",
                              f"{zh_where}（其他行为赢单）：输单或尚未成交的商机不是销售，已起草 cleaning.exclude "
                              f"排除它们；未列出的阶段（以后导出中新增的阶段）按销售计入，请补入列表"))
            continue
        if header in browsing:  # an event log: views and carts beside purchases
            notes.append(Note(f"{header} reads {' / '.join(values[:6])} beside {' / '.join(browsing[header])} {where}: "
                              f"an event log, where only a purchase is a sale (each row an event, its price the "
                              f"product's), so cleaning.exclude is drafted to leave the other events out; an event "
                              f"not listed (a new one in a later export) counts as a sale, so add it",
                              f"{zh_where}（其他行为 {' / '.join(browsing[header])}）：这是行为日志，只有购买才是销售（每行一个"
                              f"事件，价格是商品的价格），已起草 cleaning.exclude 排除其他事件；未列出的事件（以后导出中新增的）"
                              f"按销售计入，请补入列表"))
            continue
        if out.default_nicknames and header == out.default_nicknames[0]:  # 微信用户 as the customer's nickname
            shared = out.default_nicknames[1]
            share = f"{n / len(frame):.1%}" if len(frame) else "0%"
            notes.append(Note(f"{header} reads {' / '.join(shared)} {where} ({share}): the name WeChat shows for every "
                              f"buyer who has not shared a nickname, so these rows are many buyers, not one customer; "
                              f"cleaning.exclude is drafted to leave them out (set aside, listed in quarantine.csv and "
                              f"counted in the ledger)",
                              f"{zh_where}（{share}）：这是买家未授权昵称时微信显示的名称，这些行是许多买家，不是一位客户；"
                              f"已起草 cleaning.exclude 排除这些行（单列，见 quarantine.csv，计入核对表）"))
            continue
        doc_drafts = [v for v in values if _DOC_DRAFT.fullmatch(v) and v not in unpaid]  # 创建, Quotation
        if _APPROVAL_HEADER.search(_norm(str(header))) or (doc_drafts == values and not any(
                re.search(r"quot|报价|報價", v, re.IGNORECASE) for v in doc_drafts)):  # 审核状态 未审核; 单据状态 创建
            notes.append(Note(f"{header} reads {' / '.join(values)} {where}: "
                              f"documents not approved yet, which the ERP may still change or delete; cleaning.exclude "
                              f"is drafted to leave them out (to count them, take the line off)",
                              f"{zh_where}：是尚未审核的单据，"
                              f"系统中仍可修改或删除；已起草 cleaning.exclude 排除它们（如要计入，删去该行）"))
            continue
        # the values left to count as sales, named: a judgement the consultant should see made (QA pub:
        # sales_data_sample's Disputed and In Process orders graded without a word)
        counts = cells[cells.notna() & (cells != "") & ~cells.str.lower().isin([v.lower() for v in values])].value_counts()
        # not those drafted as returns (销售退货单 in cleaning.returns_marked: counted negative, no sale; review rvpub)
        marked = out.returns_marked.get(header, [])
        kept = sorted(((v, c) for v, c in counts.items()
                       if not any(str(v) == m or (m.endswith("*") and str(v).startswith(m[:-1])) for m in marked)),
                      key=lambda item: (-item[1], item[0]))
        # a statement's debit and credit columns (本期应收, 本期收款) say a line's side, not its 摘要: its 收款 and
        # 销售退货 are no sales (review rvpub)
        if 0 < len(kept) <= _KEPT_STATUSES_SAID and not {"credit", "payment"} & set(columns):
            out.exclude_kept[header] = [str(v) for v, _ in kept]
        kept_en = "; " + _kept_said(header, out.exclude_kept[header], zh=False) if header in out.exclude_kept else ""
        kept_zh = "；" + _kept_said(header, out.exclude_kept[header], zh=True) if header in out.exclude_kept else ""
        notes.append(Note(f"{header} reads {' / '.join(values)} {where}: "
                          f"cleaning.exclude is drafted to leave these lines out (set aside, listed in quarantine.csv)"
                          + (f"; {' / '.join(drafts)}: invoices not approved yet (drafts, or submitted for "
                             f"approval), no sale until authorised; to count them, take "
                             f"{'it' if len(drafts) == 1 else 'them'} off the list" if drafts else "")
                          + (f"; {' / '.join(paying)}: orders not paid (yet), no sale; to count them, take "
                             f"{'it' if len(paying) == 1 else 'them'} off the list" if paying else "")
                          + (f"; {' / '.join(doc_drafts)}: quotations or documents not final yet, no sale; to count "
                             f"{'it' if len(doc_drafts) == 1 else 'them'}, take {'it' if len(doc_drafts) == 1 else 'them'} "
                             f"off the list" if doc_drafts else "") + kept_en,
                          f"{zh_where}：已起草 "
                          f"cleaning.exclude 排除这些行（单列，见 quarantine.csv）"
                          + (f"；{' / '.join(drafts)} 是尚未审批的发票（草稿或已提交待审批），审批前不算销售；如要计入，"
                             f"从列表中删去" if drafts else "")
                          + (f"；{' / '.join(paying)} 是尚未付款的订单，不算销售；如要计入，从列表中删去" if paying else "")
                          + (f"；{' / '.join(doc_drafts)} 是报价单或尚未生效的单据，不算销售；如要计入，从列表中删去"
                             if doc_drafts else "") + kept_zh))
    out.return_sheets = [name for name in (holding if sheet == "all" else [])
                         if _RETURN_SHEET.search(str(name)) and len(holding) > 1]
    for name in out.return_sheets:
        notes.append(Note(f"sheet {name!r} is named as holding returns: cleaning.return_sheets is drafted so that its "
                          f"amounts count as negative (check that they are written positive there)",
                          f"工作表 {name!r} 从名称看是退货：已起草 cleaning.return_sheets，其金额按负数计"
                          f"（请确认该表中的金额写的是正数）"))
    out.olist = None if joins else _olist_file(headers)
    if out.olist:  # one of Olist's files alone (QA): the customer or the money is in another
        notes.append(_OLIST_NOTES[out.olist])
    listed = _returned_orders(path, visible, [sheet] if sheet != "all" else holding, columns, out.return_sheets)
    if listed:  # Superstore's Returns sheet: Returned | Order ID, no amounts (QA F5b: its orders graded as sales)
        name, key, flag, ids = listed
        out.returned_orders = listed
        by = f" ({flag[0]}: {flag[1]})" if flag else ""
        many = len(ids) > 1
        notes.append(Note(f"sheet {name!r} lists {len(ids):,} returned order{'s' if many else ''} by {key!r}{by}; "
                          f"the run reads only the order sheet, so {'their' if many else 'its'} lines count as sales: "
                          f"cleaning.exclude is drafted commented out with {'their IDs' if many else 'its ID'}, delete "
                          f"the '# ' to leave {'them' if many else 'it'} out (data.join cannot take that sheet: "
                          f"every order not on it would find no row there and be set aside)",
                          f"工作表 {name!r} 按 {key!r} 列出了 {len(ids):,} 个退货订单{by}；运行只读订单表，它们的行会计为"
                          f"销售：已在 cleaning.exclude 中以注释形式列出这些订单号，删去“# ”即可排除（data.join 用不了该表："
                          f"不在表中的订单都找不到对应行，会被单列）"))
    amount = columns.get("amount")
    subtotal = next((h for h in headers if _norm(h) in ("subtotal", "sub total", "商品金额", "商品总额")), None)
    if isinstance(amount, str) and _norm(amount) in ("total", "订单总额", "订单金额") and subtotal:
        notes.append(Note(f"amount is {amount!r}, which includes shipping and taxes; {subtotal!r} beside it is the "
                          f"goods alone (after discounts): map amount to it to grade on what customers bought",
                          f"金额取的是 {amount!r}，含运费和税；旁边的 {subtotal!r} 只是商品金额（已扣折扣）："
                          f"如按商品采购额分级，请把 amount 对应到它"))
    due = next((h for h in headers if _norm(h) in ("total due", "totaldue", "grand total", "total")), None)
    if isinstance(amount, str) and _norm(amount) in ("subtotal", "sub total", "sub_total") and due:
        notes.append(Note(f"amount is {amount!r}, the goods before taxes and shipping; {due!r} beside it is what the "
                          f"customer pays with them: map amount to it to grade on that",
                          f"金额取的是 {amount!r}，即不含税和运费的商品金额；旁边的 {due!r} 是客户连同税费运费应付的金额："
                          f"如按它分级，请把 amount 对应到它"))
    from .io import _QUOTED_KEPT

    if seen := _QUOTED_KEPT.get():  # (file's path, row, start, lines): the first of the file drafted, else of another
        file, row, start, many = min(seen, key=lambda k: (Path(k[0]).name != path.name, k[1]))
        file = Path(file).name
        out.quoted_lines = ("" if file == path.name else f"{file}, ", row, start, many)
        notes.append(Note(f"{file}: row {row:,}'s cell {start} is quoted over {many:,} {'line' if many == 1 else 'lines'} "
                          f"in the file's own shape, read as one cell here: data.quoted_line_breaks is drafted as \"?\": "
                          f"keep if it is a remark quoted over lines, stop if the quote was opened by mistake (then "
                          f"close it in a text editor)",
                          f"{file}：第 {row:,} 行的单元格 {start} 以引号跨过 {many:,} 行与文件各行格式相同的内容，此处读作一个"
                          f"单元格：data.quoted_line_breaks 起草为 \"?\"：是跨行的备注填 keep；引号误加则填 stop（并在文本编辑器中修正该引号）"))
    out.text = _params_text(out, path, params_path, sheet=sheet, encoding=encoding)
    return out


#: Headers of Olist's order items and orders files (olist_order_items_dataset.csv, olist_orders_dataset.csv).
_OLIST_HEADERS = {"items": {"order_id", "order_item_id", "product_id", "seller_id", "shipping_limit_date", "price",
                            "freight_value"},
                  "orders": {"order_id", "customer_id", "order_status", "order_purchase_timestamp"}}
#: What to join to either, as Olist's data sets are read whole (QA: graded by customer_unique_id, to the cent).
_OLIST_JOIN = "kit init olist_order_items_dataset.csv --join olist_orders_dataset.csv --join olist_customers_dataset.csv"
_OLIST_NOTES = {
    "items": Note("this is Olist's order items file: shipping_limit_date is the seller's shipping deadline, not the "
                  "order date, and the customer is in olist_orders_dataset.csv (the person, customer_unique_id, in "
                  f"olist_customers_dataset.csv): draft again with   {_OLIST_JOIN}",
                  "这是 Olist 的订单明细文件：shipping_limit_date 是卖家的发货期限，不是下单日期；客户在 "
                  "olist_orders_dataset.csv 中（代表个人的 customer_unique_id 在 olist_customers_dataset.csv 中）："
                  f"请用   {_OLIST_JOIN}   重新生成"),
    "orders": Note("this is Olist's orders file: its customer_id is a new ID with each order, not the person "
                   "(customer_unique_id in olist_customers_dataset.csv is), and the amounts are in "
                   f"olist_order_items_dataset.csv: draft again with   {_OLIST_JOIN}",
                   "这是 Olist 的订单文件：其 customer_id 每个订单各不相同，并不代表个人（代表个人的是 "
                   "olist_customers_dataset.csv 中的 customer_unique_id），金额在 olist_order_items_dataset.csv 中："
                   f"请用   {_OLIST_JOIN}   重新生成"),
}


def _olist_file(headers: list) -> str | None:
    """``items`` or ``orders`` when ``headers`` hold those of Olist's order items or orders file (:data:`_OLIST_HEADERS`)
    and no customer_unique_id: a file of the data set given alone, whose customer or money is in another."""
    have = {str(h).strip().casefold() for h in headers}
    if "customer_unique_id" in have:
        return None
    return next((kind for kind, names in _OLIST_HEADERS.items() if names <= have), None)


def _in_traditional(headers: list) -> bool:
    """Whether ``headers`` are written in traditional characters (客戶編號, 顧客編號: Taiwan, Hong Kong): more of their
    characters only traditional than only simplified (review rvpub: a mainland ledger's one column typed 業務員 beside
    客户编号 and 金额 is in RMB)."""
    from .io import SIMPLIFIED

    simplified_only = {chr(to) for source, to in SIMPLIFIED.items() if to != source}
    text = "".join(map(str, headers))
    traditional = sum(ch != ch.translate(SIMPLIFIED) for ch in text)
    return traditional > sum(ch in simplified_only for ch in text)


#: At most this many other values of a status column drafted into cleaning.exclude are named as counting as sales
#: (more: a column of remarks rather than statuses, not listed).
_KEPT_STATUSES_SAID = 8


#: A yes of a Returns sheet's flag column (Superstore's Returned: Yes).
_RETURNED_YES = {"yes", "y", "true", "1", "是", "x"}


def _returned_orders(path: Path, visible: list, read: list, columns: dict,
                     return_sheets: list) -> tuple[str, str, tuple[str, str] | None, list[str]] | None:
    """(sheet, key header, (flag header, its yes) or None, order IDs) of a sheet of the workbook not read, named as
    holding returns (:data:`_RETURN_SHEET`), that lists orders by the drafted order ID's header and holds no amount
    (Superstore's Returns: Returned | Order ID): the orders returned, which a run of the order sheet grades as sales.
    With a column marking rows yes (Returned: Yes), only the rows it marks."""
    from .io import normalise_header

    order = columns.get("order_id")
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls") or not isinstance(order, str) or len(visible) < 2:
        return None
    for name in visible:
        if name in read or name in return_sheets or not _RETURN_SHEET.search(str(name)):
            continue
        try:
            table = sample(path, sheet=name)
        except DataError:
            continue
        headers = [c for c in table.columns if c != SOURCE_ROW]
        key = next((h for h in headers if normalise_header(h) == normalise_header(order)), None)
        if key is None or "amount" in guess_columns([str(h) for h in headers if h != key]):
            continue
        ids = table[key].astype("string").str.strip()
        rows = ids.notna() & (ids != "")
        flag = None
        for header in headers:  # Returned: Yes
            if header == key:
                continue
            yes = table[header].astype("string").str.strip().str.casefold().isin(_RETURNED_YES).fillna(False)
            if (yes & rows).any():
                flag = (str(header), str(table.loc[yes & rows, header].iloc[0]).strip())
                rows &= yes
                break
        found = ids[rows].drop_duplicates().tolist()
        if found:
            return str(name), str(key), flag, [str(i) for i in found]
    return None


def _as_wide(frame: pd.DataFrame, path: Path, sheet_name: str, notes: list[str]) -> tuple[pd.DataFrame, int | str | None]:
    """A sheet with a column per month and no date column (客户 | 1月 | ... | 12月) as the lines a run reads from it
    with ``data.wide``, and the months' year (``"?"`` when neither the headers nor the names tell it)."""
    from .wide import (
        month_headers,
        month_of,
        name_year,
        rolled_years,
        span_first_year,
        wide_sample,
    )

    headers = [c for c in frame.columns if c != SOURCE_ROW]
    found = month_headers(headers)
    if len(found) < 3 or "order_date" in guess_columns([h for h in map(str, headers) if h not in found]):
        return frame, None
    # 2024年度客户销售统计 above the table; 2025-2026年度 (columns 10月 ... 3月): the first of the two
    named = (name_year(sheet_name, path.stem) or span_first_year(sheet_name, path.stem) or _title_year(path, sheet_name)
             or span_first_year(*_title_cells(path, sheet_name)))
    dated = all(month_of(h)[0] is not None for h in found)
    year: int | str = HEADERS_NAME_YEAR if dated else named if named is not None else "?"
    rolled = rolled_years([str(h) for h in found], named or dt.date.today().year)  # after 12月, the next year
    months = {h: f"{y or rolled.get(str(h)) or named or dt.date.today().year:04d}-{m:02d}"
              for h in found for y, m in [month_of(h)]}
    first, last = (h if len(str(h)) <= 10 else months[h] for h in (found[0], found[-1]))  # 1月, not 2025-01-01 00:00
    if year == "?":
        notes.append(Note(f"the month columns ({first} … {last}) do not say their year, nor does the sheet's or "
                          f"file's name: put it in data.wide.year, and check period.as_of",
                          f"月份列（{first} … {last}）和工作表名、文件名都没有写年份：请填写 data.wide.year，"
                          f"并核对 period.as_of"))
    if rolled and year != HEADERS_NAME_YEAR:
        notes.append(Note(f"the month columns run past December ({first} … {last}): data.wide.year is the first "
                          f"column's year, and those after December are read as of the next year",
                          f"月份列跨过 12 月（{first} … {last}）：data.wide.year 是第一个月份列的年份，12 月之后的各列按次年读取"))
    notes.append(Note(f"a column per month ({first} … {last}): data.wide reads each month cell with an amount "
                      f"as that month's purchase",
                      f"每月一列（{first} … {last}）：data.wide 把有金额的月份单元格读作该月的采购"))
    return wide_sample(frame, months, SOURCE_ROW), year


#: ``Draft.wide_year`` when every month header names its year (2025-01, a date cell): ``data.wide`` needs none.
HEADERS_NAME_YEAR = "headers"
#: ``Draft.wide_year`` when a workbook keeps a sheet per year (2024年, 2025年): each sheet's name gives its months'.
SHEET_NAME_YEAR = "sheets"


def _holder(path: Path, header, joined: list[tuple[Path, str, pd.DataFrame]], encoding: str | None):
    """The file holding the column ``header`` (the order file, else the joined file that brought it) and its
    encoding, for :func:`_all_dates`."""
    if isinstance(header, str):
        for other, _, table in joined:
            if header in table.columns:
                return other, header, None
    return path, header, encoding


def _header_of(frame: pd.DataFrame, header: str) -> str:
    """The column of ``frame`` that is ``header`` once normalised (the key a joined file shares with it)."""
    return next(c for c in frame.columns if c != SOURCE_ROW and normalise_header(c) == normalise_header(header))


#: Currencies written with a decimal comma and dots grouping thousands (4.500,00 €; R$ 1.234,56).
_COMMA_CURRENCIES = {"EUR", "BRL"}


def _decimal_of(frame: pd.DataFrame, header, currency: str | None) -> tuple[str | None, str | None]:
    """(``","``, an example cell) when the sample's money cells of a euro or real export do not tell the decimal
    mark, a dot in each being one to three digits and three (``4.500``: 4.5 or 4,500?), which such exports write
    for thousands; (None, None) otherwise: the cells tell it, or hold no such dot, or the currency writes a point."""
    from .clean import COMMA_DECIMAL, POINT_DECIMAL, number_text
    from .clean_sql import DECIMAL_POINT, THOUSANDS_DOT
    from .textops import fullmatch

    if header is None or currency not in _COMMA_CURRENCIES:
        return None, None
    cells = _cells(frame, header).dropna()
    cells = cells[cells.map(lambda v: isinstance(v, str))].str.strip()  # a workbook's number cells are numbers
    if not len(cells) or not cells.str.contains(r"\.", regex=True).any():
        return None, None
    text = number_text(cells)[0]
    dotted = fullmatch(text, THOUSANDS_DOT)
    if not dotted.any() or any(fullmatch(text, told).any() for told in (COMMA_DECIMAL, POINT_DECIMAL, DECIMAL_POINT)):
        return None, None
    return ",", str(cells[dotted].iloc[0])


def _join_key(values: pd.Series) -> pd.Series:
    """Key cells as a run compares them (:func:`kit.io.join_key_sql`): text, trimmed, ="1001" and 1001.0 as 1001,
    blank NA."""
    from .io import EXCEL_TEXT

    text = values.astype("string").str.strip().str.replace(EXCEL_TEXT, r"\1\2", regex=True).str.strip()
    text = text.str.replace(r"^(-?(?:0|[1-9][0-9]*))\.0+$", r"\1", regex=True)  # 01.000 stays: a code
    return text.mask(text == "")


#: Words of a header that make it a likely key between files (order numbers, customer codes).
_KEY_WORDS = re.compile(r"(id|编码|代码|编号|单号|号|码|no|number|key|code)$")


def _join_sample(frame: pd.DataFrame, other: Path, path: Path, joined: list, notes: list[str],
                 table: pd.DataFrame | None = None):
    """The sample ``frame`` with the columns of the file ``other`` (``table``: as read already) joined by the header
    they share (a key: an order number or customer code, the first such shared header). Returns the frame, the key
    and ``other``'s rows."""
    from .io import read_table

    table = read_table(other, expected=_ALL_NAMES) if table is None else table
    table = table.drop(columns=[c for c in table.columns if c == SOURCE_ROW or str(c).startswith("Unnamed: ")])
    have = {normalise_header(c): c for c in frame.columns if c != SOURCE_ROW}
    shared = [c for c in table.columns if normalise_header(c) in have]
    if not shared:
        before = " or ".join([path.name, *(o.name for o, _, _ in joined)])
        raise DataError(f"{other.name}: no header is shared with {before}, so kit init cannot tell which column "
                        f"joins them; its headers are: {', '.join(map(str, table.columns))}")
    guessed = guess_columns([str(c) for c in shared])
    keys = [guessed[k] for k in ("order_id", "customer_id") if k in guessed] + \
        [c for c in shared if _KEY_WORDS.search(_norm(str(c)))] + shared
    key = keys[0]
    right = _join_key(table[key])
    taken = [c for c in table.columns if c != key and normalise_header(c) not in have]
    rows = table.loc[right.notna(), taken].assign(_k=right[right.notna()])
    repeated = int(rows.drop_duplicates().duplicated("_k").sum())
    rows = rows.drop_duplicates("_k")
    out = frame.assign(_k=_join_key(frame[have[normalise_header(key)]]).to_numpy())
    out = out.merge(rows, on="_k", how="left").drop(columns="_k")
    out.index = frame.index
    matched = int(_join_key(frame[have[normalise_header(key)]]).isin(set(rows["_k"])).sum())
    few = matched < 0.95 * len(frame)
    notes.append(Note(
        f"{other.name} joined by {key!r}: {matched:,} of the {len(frame):,} sample rows found their row"
        + (f"; {repeated:,} {key} values are on several rows that differ, their lines are set aside" if repeated else "")
        + (f"; the rest have no row there: check that {key!r} is the key both files share and that they write it the "
           f"same way" if few else ""),
        f"{other.name} 按 {key!r} 关联：样本 {len(frame):,} 行中有 {matched:,} 行找到对应行"
        + (f"；有 {repeated:,} 个 {key} 值出现在内容不同的多行上，其订单行会被单列" if repeated else "")
        + (f"；其余行在该文件中没有对应行：请核对 {key!r} 是否为两个文件共有的关键列、写法是否一致" if few else "")))
    return out, str(key), table, repeated


#: ``attrs`` key of a sample stacked from several sheets: (position, column) of each cell a merged range filled.
_MERGED_AT = "merged_at"


def _stacked(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Sheets' samples one below the other, the cells their merged ranges filled kept by position
    (:data:`_MERGED_AT`): the sheets' row numbers repeat, and concatenating drops ``attrs`` that differ."""
    at, offset = [], 0
    for part in frames:
        at.extend((offset + row, column) for row, column in _merged_at(part))
        offset += len(part)
    frame = pd.concat(frames, ignore_index=True)
    frame.attrs = {_MERGED_AT: tuple(at)} if at else {}
    return frame


def _merged_at(frame: pd.DataFrame) -> list[tuple[int, str]]:
    """(position, column) of each cell of ``frame`` a merged range filled (:func:`_stacked`, or one sheet's
    :data:`kit.io.MERGED` by row number)."""
    if _MERGED_AT in frame.attrs:
        return list(frame.attrs[_MERGED_AT])
    filled = [(row, column) for row, column, _, how in frame.attrs.get(MERGED, ()) if how not in ("down", "heading", "above")]
    if not filled or SOURCE_ROW not in frame:
        return []
    rows = pd.Index(frame[SOURCE_ROW]).get_indexer([row for row, _ in filled])
    return [(int(r), column) for r, (_, column) in zip(rows, filled) if r >= 0]


def _named_once(ids: pd.Series, rows: np.ndarray, blanks: int) -> bool:
    """Whether the sample's order ``rows`` that name a customer name (nearly) each a different one, as a report
    grouped by customer does on each block's first row (金蝶's 销售明细表: 客户代码 on each customer's first line),
    with at least as many ``blanks`` below them (blocks of two lines or more, on average: guest sales between
    customers each buying once are fewer than those customers' lines, in a log of mostly registered customers)."""
    named = ids.notna().to_numpy() & rows
    return bool(2 <= named.sum() <= blanks and ids[named].nunique() >= 0.8 * named.sum())


def _dates_start_again(frame: pd.DataFrame, columns: dict, ids: pd.Series, rows: np.ndarray,
                       date_format: str | None) -> bool:
    """Whether the dates of the sample's order ``rows`` start again at each row naming a customer (earlier than
    the row above it, for half of those rows or more) while running on below them (earlier than the row above
    on 10% of those rows at most): blocks of a customer's orders, each by date. Orders listed by date, with guest
    sales between registered customers' orders, are no such blocks."""
    from .clean import parse_dates_with_format

    if "order_date" not in columns or rows.sum() < 3:
        return False
    starts = (ids.notna().to_numpy() & rows)[rows]
    days = parse_dates_with_format(_cells(frame, columns["order_date"]).reset_index(drop=True)[rows],
                                   date_format).reset_index(drop=True)
    back = (days < days.shift()).to_numpy()  # NaT on either side: not earlier
    steps = np.arange(len(days)) > 0
    first, within = steps & starts, steps & ~starts
    if not first.any() or not within.any():
        return False
    return bool(back[first].mean() >= 0.5 and back[within].mean() <= 0.1)


def _order_rows(frame: pd.DataFrame, headers: list[str], money: list[str] = (), roles=None) -> pd.Series:
    """Rows that are neither empty nor a subtotal or total line (a cell reading 小计, 合计, Total ..., as the
    mapped columns' ``roles`` tell, or only the ``money`` cells filled: an unlabelled sum), as cleaning tells them."""
    from .clean_sql import NO_ID_TOTAL, SIGN_OFF
    from .io import LineRoles

    text = frame[headers].astype("string").apply(lambda col: col.str.strip())
    blank = (text.isna() | text.eq("")).to_numpy(dtype=bool)
    total = (roles or LineRoles()).totals(text, NO_ID_TOTAL)
    empty = blank.all(axis=1)
    other = [i for i, h in enumerate(headers) if h not in money]
    # a cell a merged range filled (the hospital's name merged down beside its lines) is empty as written: a line
    # holding only amounts inside that range is the customer's unlabelled subtotal, as a run reads it (QA)
    written = blank.copy()
    place = {h: i for i, h in enumerate(headers)}
    for row, column in _merged_at(frame):
        if column in place and row < len(frame):  # a sample cut short (head) keeps its first rows' positions
            written[row, place[column]] = True
    # ... unless every empty cell of it is one a merged range fills (name and date merged down beside an order's
    # amounts: the order's lines, review): a mapped cell left empty that no range covers (the date) says a subtotal
    mapped = np.array([not (roles and roles.mapped) or normalise_header(h) in roles.mapped for h in headers], dtype=bool)
    gap = (blank & mapped)[:, other].any(axis=1)
    other_empty = written[:, other].all(axis=1) & ~written.all(axis=1) & bool(money) & (gap | (written == blank).all(axis=1))
    # a footer of sign-offs (制表人：王会计 … 审核人：李经理 … 打印日期：2026-01-05), as cleaning sets it aside (label_row),
    # no money cell holding a figure of its own (QA: drafted cleaning.blank_ids: name for 审核人：李经理 under 客户名称)
    footer = np.zeros(len(frame), dtype=bool)
    figures = [h for h in headers if h in money]
    # rows whose money cells hold no figure, or a sign-off's (打印日期：2026-01-05); looked at alone, order lines having one
    near = ~text[figures].apply(lambda col: col.str.fullmatch(r"[^:：]*[0-9][^:：]*")).fillna(False).to_numpy(dtype=bool).any(axis=1)
    if figures and near.any():
        some = text[near]
        signs = some.apply(lambda col: col.str.fullmatch(SIGN_OFF)).fillna(False).to_numpy(dtype=bool).sum(axis=1)
        footer[near] = (signs >= 1) & ((~blank[near]).sum(axis=1) <= 2 * signs)
    return pd.Series(~(empty | total | other_empty | footer), index=frame.index)


def _year_for_days_without_one(cells: pd.Series, title=lambda: None) -> tuple[int | None, str | None, int | None]:
    """A year to draft (``data.year``) for order dates written without one (``10月3日``, ``3/5``), with where it is
    from: the year the title above the table names (``title``, called only then: 2025年销售台账), or, when most dates
    are written without one, this year when their months have begun, else last year (a ledger of October to
    December read in June: a guess); when only some are (``3/5`` among ``2025.3.5`` and ``2025年3月5日``), the one
    year the others write ("dates"; QA hand: 48 such lines set aside, the run stopping over max_set_aside_share).
    (None, None) when every date writes its year, or when the others write several. A title naming another year
    than the one every other date writes, half the dates or more, gives way to theirs (last year's template: 1/9
    between 2025.1.5 and 2025年2月3日 is of 2025; review), its year third in what is returned (else None)."""
    text = cells.dropna().astype(str).str.strip()
    text = text[text != ""]
    parts = text.str.extract(r"^(\d{1,2})\s*(?:月\s*\d{1,2}\s*[日号]?|[/.\-]\s*\d{1,2})(?:\s+\d{1,2}:\d{2}.*)?$")[0]
    if text.empty or not parts.notna().any():
        return None, None, None
    years = text[parts.isna()].str.extract(r"(?<!\d)((?:19|20)\d\d)(?!\d)")[0].dropna().unique()
    if (named := title()) is not None:
        if len(years) == 1 and int(years[0]) != named and parts.notna().mean() <= 0.5:  # most dates write theirs
            return int(years[0]), "dates", named
        return named, "title", None
    if len(years) == 1:
        return int(years[0]), "dates", None
    if parts.notna().mean() < 0.5:  # the others write several years: which is meant is not known
        return None, None, None
    months = pd.to_numeric(parts, errors="coerce").dropna()
    return _latest_year_of(int(months.max()) if not months.empty else 1), None, None


def _latest_year_of(month: int) -> int:
    """The year of the latest ``month`` that has begun: this year's when it has, else last year's."""
    today = dt.date.today()
    return today.year if month <= today.month else today.year - 1


def _customer_subtotals(frame: pd.DataFrame, columns: dict, rows: np.ndarray,
                        ids: pd.Series | None = None) -> np.ndarray:
    """Mask of the sample ``rows`` that are a customer's subtotal written without 小计: the customer and an amount
    only (``华东医药 | | 12,345.00``), the amount, not 0, the sum of that customer's lines above it (since that
    customer's sum line before), as :func:`kit.clean_sql._mark_customer_subtotals` sets them aside: no order lines
    of an empty date (kit init drafted data.fill_down: [order_date] for them, and the run counted them twice).
    ``ids``: the customers as data.fill_down carries them down (a document's lines below its first), else as written."""
    from .clean import clean_customer_id, parse_amount

    none = np.zeros(len(frame), dtype=bool)
    if not {"customer_id", "order_date", "amount"} <= set(columns) or not len(frame):
        return none
    ids = (clean_customer_id(_cells(frame, columns["customer_id"])) if ids is None else ids).reset_index(drop=True)
    amounts = parse_amount(_cells(frame, columns["amount"]).astype("string").str.strip()).reset_index(drop=True)
    beside = {h for k in ("customer_id", "customer_name", "order_date", "amount", "quantity", "unit_price", "credit",
                          "refund", "discount", "payment", "province", "city", "region", "level", "beds", "sales_rep")
              if k in columns for h in _names(columns[k])}
    rest = [c for c in frame.columns if c != SOURCE_ROW and c not in beside]
    bare = np.ones(len(frame), dtype=bool)
    for c in rest:
        bare &= _blank(frame[c])
    cand = rows & bare & _blank(_cells(frame, columns["order_date"])) & ids.notna().to_numpy() \
        & amounts.fillna(0).ne(0).to_numpy()
    if not cand.any():
        return none
    # as the run: the running total (cents) of the customer's lines, of an empty date too, and candidates; a sum line's
    # total before it, less its amount, is 0 or the total through a candidate above it, the nearest such one
    use = rows & ids.notna().to_numpy() & amounts.notna().to_numpy()
    given, demoted = cand, none.copy()
    for _ in range(3):  # as the run: a candidate a later one's block counts as a line is one (a pass more each)
        cand = given & ~demoted
        frame_of = pd.DataFrame({"id": ids[use].to_numpy(), "cand": cand[use], "at": np.flatnonzero(use),
                                 "cents": (amounts[use] * 100).round().astype("int64").to_numpy(),
                                 "dated": (~given)[use]})
        frame_of["through"] = frame_of.groupby("id")["cents"].cumsum()
        frame_of["n"] = frame_of.groupby("id").cumcount() + 1
        frame_of["lines"] = frame_of["dated"].astype("int64").groupby(frame_of["id"]).cumsum()  # as the run
        cands = frame_of[frame_of["cand"]].assign(before=lambda f: f["through"] - 2 * f["cents"])
        pairs = cands.merge(cands[["id", "through", "at"]], left_on=["id", "before"], right_on=["id", "through"],
                            suffixes=("", "_p"))
        above = set(pairs.loc[pairs["at_p"] < pairs["at"], "at"])
        m = cands[(cands["before"] == 0) | cands["at"].isin(above)].copy()
        m["since"] = m.groupby("id")["through"].shift(1, fill_value=0)
        m["covers"] = m["n"] - m.groupby("id")["n"].shift(1, fill_value=0) - 1
        m["lines_since"] = m.groupby("id")["lines"].shift(1, fill_value=0)
        sums = m[(m["before"] == m["since"]) & (m["lines"] > m["lines_since"])]
        # sums of one line only: the same amount bought twice, as the run tells, unless every block of the sample is
        # one line and its sum, three at least (every candidate such a sum, as many as the lines of a date of their own)
        found = none.copy()
        if (sums["covers"] >= 2).any() or len(sums) >= 3 and len(sums) == cand.sum() == (use & ~cand).sum():
            found[sums["at"].to_numpy()] = True
        # a sum found whose block a later candidate left sums with it a line (no sum found between them): a line
        rest_of = frame_of.assign(found=found[frame_of["at"].to_numpy()])
        rest_of["sums_so_far"] = rest_of.groupby("id")["found"].cumsum()
        # (y = 2x + the lines between them: 2y less y's running total is 2x less x's; joined on it, not on the customer
        # alone: each found sum against each later candidate took 23 GB on a customer of 25,000 sample lines)
        rest_of["key"] = 2 * rest_of["cents"] - rest_of["through"]
        x = rest_of[rest_of["found"]]
        y = rest_of[rest_of["cand"] & ~rest_of["found"]]
        pairs = x.merge(y, on=["id", "sums_so_far", "key"], suffixes=("", "_y"))
        back = pairs[pairs["at_y"] > pairs["at"]]
        if back.empty:
            break
        demoted[back["at"].to_numpy()] = True
    # ... and, as the run, one summing the customer's lines since its 小计 line above (a row naming the customer and an
    # amount that is no order row), or writing that 小计 line's amount again right under it
    # (华东医药 小计 in the customer's cell: that customer's)
    named = _cells(frame, columns["customer_id"]).astype("string").str.strip().str.extract(
        r"^(.*?)[\s\u3000]*(?:小计|合计|小計|合計)$")[0].str.strip().replace("", pd.NA).reset_index(drop=True)
    of = ids.where(rows | named.isna().to_numpy(), named)
    xiaoji = ~rows & of.notna().to_numpy() & amounts.notna().to_numpy()
    if not xiaoji.any() or not (cand & ~found).any():
        return found
    at = np.flatnonzero(use | xiaoji)
    u = pd.DataFrame({"id": of.to_numpy()[at], "at": at, "cents": (amounts.to_numpy()[at] * 100).round(),
                      "xiaoji": xiaoji[at], "closes": xiaoji[at] | found[at], "left": (cand & ~found)[at],
                      "dated": (use & ~given)[at]})
    by = u.groupby("id")
    u["blk"] = by["closes"].cumsum() - u["closes"]
    u["after"] = by["xiaoji"].shift(1, fill_value=False).astype(bool)
    u["above"] = by["cents"].shift(1)
    u["xiaoji_above"] = by["xiaoji"].cummax()
    block = u.assign(line=u["cents"].where(~u["closes"], 0)).groupby(["id", "blk"])
    u["since"] = block["line"].cumsum() - u["cents"].where(~u["closes"], 0)
    u["lines"] = block["dated"].cumsum() - u["dated"]
    line = (~u["closes"]).astype("int64")
    u["covers"] = line.groupby([u["id"], u["blk"]]).cumsum() - line  # the block's lines above it, of no date too
    sums = u["left"] & u["blk"].ge(1) & u["xiaoji_above"] & u["since"].eq(u["cents"]) & u["lines"].ge(1)
    # a sum of one line (the same amount bought twice on a day) only where the sample has sums of more, or any found
    one_line_too = bool((sums & u["covers"].ge(2)).any() or found.any())
    pick = u["left"] & ((u["after"] & u["above"].eq(u["cents"])) | (sums & (u["covers"].ge(2) | one_line_too)))
    found[u.loc[pick, "at"].to_numpy()] = True
    return found


def _dated_by_the_row_above(frame: pd.DataFrame, columns: dict, rows: np.ndarray, roles) -> int:
    """How many order ``rows`` of a hand-kept sample have an empty date cell that :func:`kit.io.fill_down` fills
    from a dated row above; 0 unless they are over 5% of the order rows and it fills most (80%) of the empty ones."""
    from .clean_sql import blank_is_unpaid
    from .io import fill_down

    if "order_date" not in columns or not rows.any():
        return 0
    if blank_is_unpaid(columns["order_date"], "order_id" in columns):
        return 0  # an empty payment date is an order not paid (reason unpaid), not the day of the row above
    empty = _blank(_cells(frame, columns["order_date"])) & rows
    if empty.sum() <= 0.05 * rows.sum():
        return 0
    framed = frame if SOURCE_ROW in frame else frame.assign(**{SOURCE_ROW: range(2, len(frame) + 2)})
    money = [h for k in MONEY_KEYS if k in columns for h in _names(columns[k])]
    filled = fill_down(framed, _names(columns["order_date"]), money=money, roles=roles)
    taken = empty & ~_blank(_cells(filled, columns["order_date"]))
    return int(taken.sum()) if taken.sum() >= 0.8 * empty.sum() else 0


def _no_discount_amounts(frame: pd.DataFrame, header, amount=None) -> Note | None:
    """Why the sample's discount column ``header`` is left out of the draft (a discount is an amount taken off each
    line: its cells must be amounts, not rates such as 0.1 or words such as Yes), or None when its cells are amounts;
    beside an ``amount`` column, that it is taken to be after the discount (管家婆's 折后金额 beside 折扣 0.9)."""
    from .clean import parse_amount

    cells = _cells(frame, header).astype("string").str.strip()
    amounts = parse_amount(cells[~_blank(cells)])
    words, given = int(amounts.isna().sum()), amounts.dropna()
    if words:
        why = (f"{words:,} of its {len(amounts):,} sample cells are no amount",
               f"样本 {len(amounts):,} 个单元格中有 {words:,} 个不是金额")
    elif len(given) and given.abs().le(1).all() and given.ne(0).any():
        why = ("its sample cells are all between 0 and 1, rates or shares paid (0.9 for 10% off) rather than amounts",
               "样本单元格都在 0 到 1 之间，是折扣率或折后比例（0.9 即九折）而非金额")
    else:
        return None
    if amount is not None:  # QA: the discount's use said, though the amount drafted is after it
        return Note(f"{header!r} is left out of data.columns: {why[0]}; the amount {amount!r} is taken to be after the "
                    f"discount",
                    f"{header!r} 未写入 data.columns：{why[1]}；金额列 {amount!r} 按折扣后的金额读取")
    return Note(f"{header!r} is left out of data.columns: {why[0]}; a discount column is an amount taken off each line "
                f"(quantity x unit price)",
                f"{header!r} 未写入 data.columns：{why[1]}；折扣列应是从每行（数量 x 单价）中减去的金额")


#: The files beside an order file whose headers :func:`_sibling_headers` reads: text, Parquet and workbooks.
_SIBLING_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".xlsx", ".xlsm", ".xls")


def _file_headers(path: Path) -> list[str] | None:
    """The header names of a file of rows: a CSV's header row, a Parquet file's schema, a workbook's first visible
    worksheet's row holding the most known names among its first 30 (a workbook over
    :data:`kit.io.LARGE_WORKBOOK_BYTES` is not opened); None when it has none."""
    from .io import LARGE_WORKBOOK_BYTES, NO_HEADER, _csv_layout, column_names, find_header, header_names

    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return [str(h) for h in pq.read_schema(path).names]
    if suffix in (".xlsx", ".xlsm", ".xls"):
        if path.stat().st_size > LARGE_WORKBOOK_BYTES:
            return None
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        shown = [m.name for m in book.sheets_metadata if m.visible == m.visible.__class__.Visible
                 and m.typ == m.typ.__class__.WorkSheet]
        if not shown:
            return None
        rows = book.get_sheet_by_name(shown[0]).to_python(nrows=30)
        at = find_header(rows, _ALL_NAMES) if rows else None
        return None if at is None else [h for h in header_names(rows[at]) if not h.startswith("Unnamed: ")]
    enc, delimiter, header = _csv_layout(path, encoding=None, header_row=None, expected=_ALL_NAMES)
    return None if header == NO_HEADER else [str(h) for h in column_names(path, enc, delimiter, header)]


def _sibling_headers(path: Path, limit: int = 50) -> list[tuple[Path, list[str]]]:
    """The header names of the files beside ``path`` in its folder (CSV, TSV, Parquet, workbooks: the order
    header file of Northwind's Order Details may be Orders.xlsx), at most ``limit`` of them."""
    out = []
    for other in sorted(path.parent.iterdir())[:limit * 4]:
        if other == path or other.suffix.lower() not in _SIBLING_SUFFIXES or not other.is_file() or \
                other.name.startswith(("~$", ".")):
            continue
        try:
            headers = _file_headers(other)
        except Exception:  # an unreadable neighbour says nothing of this file  # noqa: BLE001, S112
            continue
        if headers:
            out.append((other, headers))
        if len(out) >= limit:
            break
    return out


def shell_path(path: Path) -> str:
    """``path`` as a shell command takes it, to paste: relative to the working folder when inside it, quoted when it
    holds a space or another character a shell reads (``"data/Order Details.csv"``), in single quotes when it holds
    one that double quotes leave to the shell (``'sales!2025.csv'``), and led by ``./`` when it starts with a dash."""
    try:
        shown = Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix() if Path(path).is_absolute() \
            else Path(path).as_posix()
    except ValueError:  # outside the working folder: as given
        shown = Path(path).as_posix()
    if shown.startswith("-"):  # not read as an option
        shown = "./" + shown
    if re.fullmatch(r"[\w./:+-]+", shown):
        return shown
    if re.search(r'[!"\\$`]', shown):  # single quotes: a '!' in double ones is bash's history expansion (review)
        import shlex

        return shlex.quote(shown)
    return '"' + shown + '"'


def _key_cells(path: Path, key: str, limit: int = 20_000) -> set[str] | None:
    """The cells of the column headed ``key`` in the text or Parquet file ``path``, as an order ID is compared
    (trimmed, without leading zeros, ignoring case); None when they cannot be read cheaply (a workbook, a file laid
    out with spaces, one of more than ``limit`` rows: its first rows say nothing of the IDs further down, as lines
    written newest first beside their orders oldest first share none among them): not known."""
    import itertools

    from .io import FIXED, NO_HEADER, SPACES, _csv_layout, _iter_csv_rows, _lines, _open_at_record, column_names

    def folded(cells) -> set[str]:
        return {c.strip().lstrip("0").casefold() for c in cells if c is not None and str(c).strip()}

    try:
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            names = pq.read_schema(path).names
            if key not in names:
                return None
            if pq.ParquetFile(path).metadata.num_rows > limit:
                return None
            column = pq.read_table(path, columns=[key]).column(0).to_pylist()
            # a whole number kept as a float (pandas writes IDs with a blank as float64) as the CSV beside writes it:
            # 101, not 101.0 (re-read: no ID shared, the join not offered)
            return folded(str(int(c)) if isinstance(c, float) and c.is_integer() else str(c)
                          for c in column if c is not None)
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            return None
        enc, delimiter, header = _csv_layout(path, encoding=None, header_row=None, expected=_ALL_NAMES)
        if header == NO_HEADER or delimiter in (FIXED, SPACES):
            return None
        names = [str(h) for h in column_names(path, enc, delimiter, header)]
        if key not in names:
            return None
        at = names.index(key)
        with _open_at_record(path, enc, delimiter, header + 1) as handle:
            rows = _iter_csv_rows(_lines(handle), delimiter)
            read = list(itertools.islice(rows, limit + 1))
            rows.close()
        if len(read) > limit:
            return None
        return folded(row[at] for row in read if len(row) > at)
    except Exception:  # noqa: BLE001  an unreadable file says nothing: not known
        return None


def join_neighbour(path: Path, columns: dict, missing: list[str]) -> tuple[Path, str, str, bool] | None:
    """The file beside ``path`` to join it with by its order ID's header: (that file, the key's header, the
    ``kit init`` command that joins them, with paths to paste, and whether ``path`` holds the lines); for order lines
    with amounts but no customer or date, beside a file of orders holding the order ID, customer and date; or orders
    with a customer and date but no amount, beside order lines holding the order ID and amounts. None when no file
    beside it fits."""
    key = columns.get("order_id")
    if not isinstance(key, str) or not missing:
        return None
    priced = "amount" in columns or ("quantity" in columns and "unit_price" in columns)
    lines = priced and bool({"customer_id", "order_date"} & set(missing))
    headers_only = missing == ["amount"] and "customer_id" in columns and "order_date" in columns
    if not (lines or headers_only):
        return None
    ours: set[str] | None = None
    for other, headers in _sibling_headers(path):
        if _norm(key) not in {_norm(h) for h in headers}:
            continue
        # another export that happens to share the header (PayPal's Invoice Number beside a Zoho Books Invoice.csv)
        # holds none of these orders: no file to join (QA: kit check stopped, naming it)
        theirs = _key_cells(other, next(h for h in headers if _norm(h) == _norm(key)))
        if theirs is not None:
            ours = _key_cells(path, key) if ours is None else ours
            if ours and not ours & theirs:
                continue
        found = guess_columns(headers)
        if lines and all(k in found for k in missing if k in ("customer_id", "order_date")):
            return other, key, f"kit init {shell_path(path)} --join {shell_path(other)}", True
        if headers_only and ("amount" in found or ("quantity" in found and "unit_price" in found)) and not (
                "customer_id" in found and "order_date" in found):  # not another export of whole orders (review)
            return other, key, f"kit init {shell_path(other)} --join {shell_path(path)}", False
    return None


def _join_hint(path: Path, columns: dict, missing: list[str]) -> Note | None:
    """A note naming the file beside ``path`` to join it with (:func:`join_neighbour`), with the ``kit init --join``
    command to paste."""
    found = join_neighbour(path, columns, missing)
    if found is None:
        return None
    other, key, command, lines = found
    what = "customers and dates" if lines else "amounts"
    zh_what = "客户和日期" if lines else "金额"
    return Note(f"the {what} of these orders are in {other.name}, beside it, which shares the header {key!r}: "
                f"draft again with   {command}   to join the two files by it",
                f"这些订单的{zh_what}在同一文件夹的 {other.name} 中（两者都有 {key!r} 列）：请用   {command}   "
                f"重新生成，按该列连接两个文件")


#: A discount column headed as a rate (折扣率, Discount Rate, Discount %, Rabatt %).
_DISCOUNT_RATE_HEADER = re.compile(r"(discount|折扣|rabatt|remise|descuento|desconto|sconto|korting)[\s_-]*"
                                   r"(rate|率|%|pct|percent(age)?|satz|taux|\(%\)|（%）)", re.IGNORECASE)


#: A discount column headed as money taken off (Discount Amount, 优惠金额, 折扣额, Rabattbetrag): never percentages.
_DISCOUNT_MONEY_HEADER = re.compile(r"amount|amt|money|value|sum|total|金额|金額|额|額|元|betrag|montant|importe|"
                                    r"valor|importo|bedrag|[$€£¥￥]", re.IGNORECASE)


def _rate_cells(frame: pd.DataFrame, columns: dict) -> tuple[pd.Series, pd.Series, pd.Series, bool | None] | None:
    """(the discount column's cells trimmed, read as rates from 0 to 1, each line's quantity x unit price, whether
    the cells are whole percentages) when its filled sample cells are all numbers from 0 to 1, some above 0; or
    all from 0 to 100, some above 1, and either whole numbers or headed as a rate (Discount 15 for 15% off, as some
    exports write Northwind's; 折扣率 12.5), beside quantity and unit price; else None. A 折扣 of tenths paid (8 for
    八折, 10 for none, no 0) gives the shares paid (0.8) and None for whether they are percentages: no rate off."""
    from .clean import parse_amount

    if not all(isinstance(columns.get(k), str) for k in ("quantity", "unit_price", "discount")):
        return None
    cells = _cells(frame, columns["discount"]).astype("string").str.strip()
    written = cells[~_blank(cells)]
    rates = parse_amount(written)
    if rates.empty or rates.isna().any() or not rates.ge(0).all():
        return None
    gross = (parse_amount(_cells(frame, columns["quantity"]).astype("string").str.strip())
             * parse_amount(_cells(frame, columns["unit_price"]).astype("string").str.strip()))
    percent = False
    amounts = parse_amount(cells)
    if not (rates.le(1).all() and rates.gt(0).any()):
        if not (rates.le(100).all() and rates.gt(1).any()):
            return None
        if _DISCOUNT_MONEY_HEADER.search(str(columns["discount"])):  # Discount Amount, 优惠金额: money off (review)
            return None
        if "折" in str(columns["discount"]) and rates.le(10).all() and rates.gt(0).all() and rates.eq(10).any():
            # 折扣 8 / 9 / 10: tenths of the price paid (八折, 不打折 a 10, no 0), not 8% off (review)
            return cells, amounts / 10, gross, None
        headed = bool(_DISCOUNT_RATE_HEADER.fullmatch(_norm(str(columns["discount"]))) or
                      re.search(r"percent|pct|%|率", str(columns["discount"]), re.IGNORECASE))
        # a plain Discount: written as whole numbers (10.00 is money), and read as percentages by
        # _whole_discounts (several rates, one that money could not be ...)
        whole = bool(written.str.fullmatch(r"\d{1,3}").all())
        percent = headed or (whole and _whole_discounts(amounts, gross) == "percent")
        if not percent:
            return None
    return cells, amounts / (100 if percent else 1), gross, percent


#: Of a plain Discount of whole numbers from 0 to 100 read as percentages, the number of lines expected to carry one
#: above their own amount (each line as likely as another to carry each value) from which none doing so tells money
#: off (a coupon never takes more than its line) rather than percentages.
_COUPON_EXPECTED_BEYOND = 3.0


def _whole_discounts(amounts: pd.Series, gross: pd.Series) -> str:
    """How a plain Discount column of whole numbers from 0 to 100 (``amounts``, beside each line's quantity x unit
    price, ``gross``) reads: ``"percent"``, ``"money"`` or ``"unsure"``.

    Money cannot take off more than its line, so one value above its line's amount tells percentages (Northwind
    written as 5 .. 25: 25 off a line of 12.00). Below three values (5 and 10) they are money, as a coupon of 5 on one
    line is as likely money. Of three or more (5, 10, 20 is as likely coupons as 5, 10, 25 percentages): one the whole
    of its line (a free item) tells money, and so does none above its line where, the values falling on lines
    whatever their amount as percentages do, :data:`_COUPON_EXPECTED_BEYOND` or more would be (cheap lines carrying
    only the small coupons); one taking more than half of its line, not all of it, tells percentages (20 off a line
    of 25.00 is rather 20% off); else the column is ``"unsure"`` (coupons carried by lines well above them, as a
    shop's coupons are, or percentages: review, QA: coupons of 5, 10 and 20 off drafted as percentages)."""
    on = amounts.gt(0) & gross.notna()
    values, lines = amounts[on].to_numpy(dtype=float), gross[on].to_numpy(dtype=float)
    if (values > lines).any():
        return "percent"
    if len(np.unique(values)) < 3:
        return "money"
    if (values == lines).any():
        return "money"
    ordered = np.sort(values)  # how many values lie above each line's amount, as a share of them all
    expected = float((len(ordered) - np.searchsorted(ordered, lines, side="right")).sum()) / len(ordered)
    if expected >= _COUPON_EXPECTED_BEYOND:
        return "money"
    if (values > lines / 2).any():
        return "percent"
    return "unsure"


def _unsure_discounts(frame: pd.DataFrame, columns: dict) -> Note | None:
    """A note leaving a plain Discount column out of data.columns when its whole numbers read as neither money nor
    percentages for sure (:func:`_whole_discounts`: 5, 10 and 20, on lines well above them): each line's amount is
    then quantity x unit price before it, and the note says how to map it either way, with what each takes off."""
    from .clean import parse_amount

    header = columns.get("discount")
    if not all(isinstance(columns.get(k), str) for k in ("quantity", "unit_price", "discount")) or (
            _DISCOUNT_MONEY_HEADER.search(str(header)) or re.search(r"percent|pct|%|率|折", str(header), re.IGNORECASE)):
        return None
    cells = _cells(frame, header).astype("string").str.strip()
    written = cells[~_blank(cells)]
    if written.empty or not written.str.fullmatch(r"\d{1,3}").all():
        return None
    amounts = parse_amount(cells).mask(_blank(cells), 0.0)  # an empty cell is no discount (review: drafted as money)
    if not (amounts.le(100).all() and amounts.gt(1).any()):
        return None
    gross = (parse_amount(_cells(frame, columns["quantity"]).astype("string").str.strip())
             * parse_amount(_cells(frame, columns["unit_price"]).astype("string").str.strip()))
    if _whole_discounts(amounts, gross) != "unsure":
        return None
    lines = gross.notna() & amounts.notna()
    total = float(gross[lines].sum())
    money = float(amounts[lines].sum()) / total if total > 0 else 0.0
    percent = float((gross[lines] * amounts[lines] / 100).sum()) / total if total > 0 else 0.0
    values = ", ".join(f"{v:g}" for v in sorted(amounts[amounts.gt(0)].unique())[:6])
    return Note(f"{header!r} is left out of data.columns: its whole numbers ({values}) could be money taken off each "
                f"line (coupons, {money:.1%} of the sample's amount) or percentages off ({percent:.1%}), and the sample "
                f"does not tell which (no line carries one above its own amount, or the whole of it); each line's "
                f"amount is quantity x unit price before it: add   discount: {header!r}   in data.columns if they are "
                f"money, or   discount_rate: {header!r}   with data.discount_percent: true if they are percentages",
                f"{header!r} 未写入 data.columns：其整数（{values}）可能是每行扣减的金额（优惠券，占样本金额的 {money:.1%}），"
                f"也可能是折扣百分比（{percent:.1%}），样本无法判断（没有哪一行的该值大于或等于该行金额）；各行金额按数量 x 单价"
                f"（折前）计：如是金额，请在 data.columns 中加上   discount: {header!r}；如是百分比，请加上   "
                f"discount_rate: {header!r}   并设 data.discount_percent: true")


def _paid_shares(frame: pd.DataFrame, columns: dict) -> Note | None:
    """A note leaving the discount column out when its rates are the share of the price paid, not taken off (折扣
    0.85 for 八五折, 15% off; 1 for none): most of its filled sample cells above 0.5. Read as a rate off, a line
    without a discount would count 0 and one at 0.85 a seventh of its price (review)."""
    found = _rate_cells(frame, columns)
    if found is None:
        return None
    cells, rates, gross, _ = found
    if not rates.dropna().median() > 0.5:
        return None
    lines = rates.notna() & gross.notna()
    total = float(gross[lines].sum())
    share = float((gross[lines] * (1 - rates[lines])).sum()) / total if total > 0 else 0.0
    header, example = columns["discount"], cells[rates.notna()].iloc[0]
    return Note(f"{header!r} is left out of data.columns: its cells (such as {example}) are the share of the price "
                f"paid (0.85 for 15% off, 1 for none), not a rate taken off, and discount_rate takes a rate off; each "
                f"line's amount is quantity x unit price before the discount, which takes {share:.1%} off the "
                f"sample's amount: to grade on what was paid, export each line's amount after it and map amount to it",
                f"{header!r} 未写入 data.columns：其单元格（如 {example}）是成交价占原价的比例（0.85 即八五折，1 即不打折），"
                f"不是扣除的折扣率，而 discount_rate 是扣除的比例；各行金额按数量 x 单价（折前）计，折扣占样本金额的 "
                f"{share:.1%}：如按实付分级，请导出每行的折后金额并把 amount 对应到它")


def _discount_rates(frame: pd.DataFrame, columns: dict) -> tuple[Note, bool] | None:
    """A note drafting the discount column as ``discount_rate`` when its sample cells are rates (:func:`_rate_cells`:
    from 0 to 1, or whole percentages from 0 to 100) of lines whose amount is quantity x unit price, saying what
    share of the sample's amount the discounts take off (QA: Northwind's Discount 0.15 left out as 'rates rather than
    amounts', revenue 8.8% high; open item: Discount 15 taken off as 15.00 of money), and whether they are
    percentages (``data.discount_percent``)."""
    found = _rate_cells(frame, columns)
    if found is None or found[3] is None:  # 折扣 in tenths paid (八折 8), at most 五折 on most lines: no rate off
        return None
    cells, rates, gross, percent = found
    rated = rates.gt(0) & gross.notna()
    total = float(gross.dropna().sum())
    share = float((gross[rated] * rates[rated]).sum()) / total if total > 0 else 0.0
    header = columns["discount"]
    n, example = int(rated.sum()), cells[rated].iloc[0] if rated.any() else ""
    if percent:
        return Note(f"{header!r} holds discount rates as whole percentages ({n:,} sample "
                    f"{'line carries' if n == 1 else 'lines carry'} one, such as {example}, for {example}% off; every "
                    f"cell is from 0 to 100): drafted as discount_rate with data.discount_percent: true, each line's "
                    f"amount being quantity x unit price x (1 - rate / 100); the discounts take {share:.1%} off the "
                    f"sample's amount; if they are amounts of money taken off, map them as discount instead",
                    f"{header!r} 是以整数百分比记的折扣率（样本中有 {n:,} 行有折扣，如 {example}，即减 {example}%；"
                    f"所有单元格都在 0 到 100 之间）：已起草为 discount_rate 并设 data.discount_percent: true，每行金额 = "
                    f"数量 x 单价 x (1 - 折扣率 / 100)；折扣占样本金额的 {share:.1%}；如这些是扣减的金额，请改为 discount"), True
    return Note(f"{header!r} holds discount rates ({n:,} sample "
                f"{'line carries' if n == 1 else 'lines carry'} one, such as "
                f"{example}): drafted as discount_rate, each line's amount being "
                f"quantity x unit price x (1 - rate); the discounts take {share:.1%} off the sample's amount",
                f"{header!r} 是折扣率（样本中有 {n:,} 行有折扣，如 {example}）："
                f"已起草为 discount_rate，每行金额 = 数量 x 单价 x (1 - 折扣率)；折扣占样本金额的 {share:.1%}"), False


def _blank(cells: pd.Series) -> np.ndarray:
    """Mask of the sample cells that are empty once trimmed."""
    text = cells.astype("string").str.strip()
    return (text.isna() | (text == "")).to_numpy(dtype=bool)


def _unpaid_rows(frame: pd.DataFrame, columns: dict, rows: np.ndarray) -> int:
    """How many order ``rows`` of the sample have an empty payment date (the date column is one: Paid at, 付款时间)
    whose order (when an order ID is mapped) has no dated row either: orders the run sets aside as unpaid."""
    from .clean_sql import blank_is_unpaid

    if "order_date" not in columns or not blank_is_unpaid(columns["order_date"], "order_id" in columns):
        return 0  # without an order ID, cleaning reads an empty payment date as a date not written (bad_date)
    empty = _blank(_cells(frame, columns["order_date"]))
    # Shopify writes the day on an order's first row only: its other rows are that day's
    orders = _cells(frame, columns["order_id"]).astype("string").str.strip().reset_index(drop=True)
    empty &= ~orders.isin(orders[~empty].dropna()).to_numpy(dtype=bool)
    return int((empty & rows).sum())


#: A header of money (SALES_PRICE, 销售额, Revenue, Value): where the amount column looks like a count, the likely one.
_MONEY_HEADER = re.compile(r"price|sales|revenue|value|money|total|金额|销售额|收入|价", re.IGNORECASE)


def _amount_like_a_count(frame: pd.DataFrame, columns: dict, headers: list) -> tuple[str, float] | None:
    """(another header, the amount's median) when the drafted amount column holds small whole numbers only (the
    median at most 5: a count of items) and a column not drafted, named like money, holds amounts at least ten
    times larger; else None."""
    from .clean import parse_amount

    amount = columns.get("amount")
    if not isinstance(amount, str) or amount not in frame or len(frame) < 5:
        return None
    values = parse_amount(_cells(frame, amount).astype("string")).dropna().to_numpy(dtype=float)
    if not len(values) or (values != np.round(values)).any() or np.median(np.abs(values)) > 5:
        return None
    drafted = {h for v in columns.values() for h in (v if isinstance(v, list) else [v])}
    for header in headers:
        if header in drafted or header not in frame or not _MONEY_HEADER.search(str(header)):
            continue
        other = parse_amount(_cells(frame, header).astype("string")).dropna().to_numpy(dtype=float)
        if len(other) >= 0.8 * len(values) and np.median(np.abs(other)) >= 10 * max(np.median(np.abs(values)), 1):
            return str(header), float(np.median(values))
    return None


#: Cells of each column left over that tell whether it could hold the dates or the amounts (:func:`_lacking`).
LACKING_CELLS = 2_000


#: A header saying its column holds a time (event_time, timestamp, ts, 时间) ...
_TIME_HEADER = re.compile(r"time|date|timestamp|(^|[\s_])(ts|dt)$|时间|時間|日期", re.IGNORECASE)
#: ... of something else than an order: shipped, delivered, due, changed, born, signed up (a member list's 注册时间:
#: review, drafted as the order date of each member's lifetime spend).
_NOT_ORDER_TIME = re.compile(r"ship|deliver|due|return|refund|modif|updat|chang|birth|expir|valid|last|first|"
                             r"regist|sign[\s_-]*up|signup|join|enrol|login|"
                             r"发货|發貨|签收|簽收|到期|修改|更新|生日|出生|注册|註冊|开户|開戶|开卡|開卡|入会|入會|登录|登錄|"
                             r"退货|退貨|退款", re.IGNORECASE)


def _dated_column(frame: pd.DataFrame, headers: list[str], columns: dict, *,
                  named: bool = True) -> tuple[str, str] | None:
    """(header, a cell) of the first column not mapped, headed as a time (:data:`_TIME_HEADER`, not of a shipment or
    a change: :data:`_NOT_ORDER_TIME`), whose cells read as dates (95% of them, not digits alone: those are
    :func:`_timestamp_column`'s) over more than one day: an event log's event_time, which no order date's name
    names. With ``named`` false, whatever its header says (H&M's ``t_dat``), if it is the only such column not
    headed as another time: of two, which is the order's is not for a guess."""
    from .clean import parse_date

    used = {h for header in columns.values() for h in _names(header)}
    found = []
    for header in headers:
        name = _norm(str(header))
        if (header in used or header not in frame or (named and not _TIME_HEADER.search(name))
                or _NOT_ORDER_TIME.search(name)):
            continue
        cells = _cells(frame, header).dropna().astype("string").str.strip()
        cells = cells[cells != ""].head(2000)
        if cells.empty or cells.str.fullmatch(r"\d+").mean() >= 0.5:
            continue
        days = parse_date(cells)
        if days.notna().mean() >= 0.95 and days.max() - days.min() >= pd.Timedelta(days=1):
            if named:
                return header, str(cells.iloc[0])
            found.append((header, str(cells.iloc[0])))
    return found[0] if len(found) == 1 else None


def _timestamp_column(frame: pd.DataFrame, headers: list[str], columns: dict) -> tuple[str, str, str] | None:
    """(header, a cell, its UTC time) of the first column not mapped whose cells are Unix timestamps
    (:func:`kit.clean.unix_seconds`) of days past, over more than one day: an ID counting up from 1000000000 spans
    seconds, phone numbers fall in the future."""
    from .clean import unix_seconds

    used = {h for header in columns.values() for h in _names(header)}
    for header in headers:
        if header in used or header not in frame:
            continue
        cells = _cells(frame, header).dropna().astype("string").str.strip()
        cells = cells[cells != ""].head(2000)
        seconds = unix_seconds(cells)
        if cells.empty or seconds.notna().mean() < 0.95:
            continue
        stamps = pd.to_datetime(seconds.dropna(), unit="s")
        if stamps.max() - stamps.min() > pd.Timedelta(days=1) and stamps.max() <= pd.Timestamp.now():
            at = seconds.first_valid_index()
            return header, cells[at], f"{pd.to_datetime(seconds[at], unit='s'):%Y-%m-%d %H:%M:%S}"
    return None


#: Headers of a column of day numbers (Dunnhumby's DAY), compared after normalise_header.
_DAY_NUMBER_HEADERS = ("day", "day_number", "day number", "day_no", "day no", "day_num")
#: The largest day number taken for one (ten years of days): a larger whole number is some other count.
_DAY_NUMBER_LAST = 3660


def _day_number_column(frame: pd.DataFrame, headers: list[str], columns: dict) -> tuple[str, int, int] | None:
    """(header, first, last) of a column headed DAY or day_number (:data:`_DAY_NUMBER_HEADERS`) not mapped whose
    cells are whole numbers from 1 to :data:`_DAY_NUMBER_LAST`, over more than one day, when no other column holds
    dates: days counted from 1 as Dunnhumby's The Complete Journey writes them (DAY 1..711), read with
    ``data.date_format: day_number``. A day-of-month column beside its month's is a date over several columns, not
    this: with any other column of dates, None."""
    from .io import normalise_header

    used = {h for header in columns.values() for h in _names(header)}
    for header in headers:
        if header in used or header not in frame or normalise_header(header) not in _DAY_NUMBER_HEADERS:
            continue
        cells = _cells(frame, header).dropna().astype("string").str.strip()
        cells = cells[cells != ""]
        number = pd.to_numeric(cells, errors="coerce")
        if cells.empty or number.isna().any() or not (number == number.round()).all():
            continue
        low, high = int(number.min()), int(number.max())
        others = [h for h in headers if h not in used and h != header and h in frame]
        if 1 <= low < high <= _DAY_NUMBER_LAST and _lacking(frame, others, ["order_date"]) == ["order_date"]:
            return header, low, high
    return None


#: A date written day or month first with its year last (25/01/2025, 1/25/25, 05.01.2025 10:00), as no date column's
#: header needs to name.
_DAY_MONTH_YEAR = r"(0?[1-9]|[12][0-9]|3[01])[-/.](0?[1-9]|[12][0-9]|3[01])[-/.]([0-9]{2}|[0-9]{4})(?:[ T].*)?"


def _lacking(frame: pd.DataFrame, unused: list, missing: list[str]) -> list[str]:
    """Of the order date and the amount not recognised, those no column left holds: no column whose cells mostly
    read as dates (for the date), or as numbers (for the amount)."""
    from .clean import date_form, parse_date

    out = []
    # a look at a column, not a reading of it: the first cells of each (review: an Instacart-like file of 250,000
    # rows took 18 s in here, every cell of every column parsed as a date and an amount)
    cells = {h: _cells(frame, h).dropna().head(4 * LACKING_CELLS).astype("string").str.strip()
             for h in unused if h in frame}
    cells = {h: v[v != ""].head(LACKING_CELLS) for h, v in cells.items()}
    # 114/03/05 (民國) is a date too, and 25/01/2025, 1/25/25, 05.01.2025, which a day-first or month-first
    # date_format reads (review: kit check said a German export held no dates)
    if "order_date" in missing and not any(len(v) and (parse_date(v).notna().mean() >= 0.5 or date_form(v)
                                                       or v.str.fullmatch(_DAY_MONTH_YEAR).mean() >= 0.5)
                                           for v in cells.values()):
        out.append("order_date")
    # the amount: no column of numbers at all (whole amounts of money are as common as counts: no telling them apart)
    # written with a decimal point, else a decimal comma (1.234,56; 12,50 €: review, kit check said none held amounts)
    if "amount" in missing and not any(len(v) and (~np.isnan(_signed_amounts(v))).mean() >= 0.8
                                       for v in cells.values()):
        out.append("amount")
    return out


def _repeated_totals(counted: tuple[int, int] | None) -> tuple[int, int] | None:
    """The sample's ``counted`` (:func:`_repeated_total_counts`: orders carrying one amount on each of their lines,
    orders of several differing lines) when they are the order's total written on each line, as
    :func:`kit.clean_sql.stop_on_repeated_totals` stops on (an order is its number, customer and day; its lines differ
    in product or quantity when mapped, else in any cell); else None."""
    from .clean_sql import REPEATED_TOTALS_MIN_ORDERS, REPEATED_TOTALS_MIN_SHARE

    if counted is None:
        return None
    same, several = counted
    return counted if same >= REPEATED_TOTALS_MIN_ORDERS and same >= REPEATED_TOTALS_MIN_SHARE * several else None


def _repeated_total_counts(frame: pd.DataFrame, columns: dict) -> tuple[int, int] | None:
    """(orders carrying one amount on each of their lines, orders of several differing lines) of the sample, however
    few (:func:`_repeated_totals` with its thresholds); None when the order's number, customer, date or amount is not
    a column of ``frame``; without a customer column (a shop's export naming no buyer, customer_id drafted "?"), an
    order is its number and day (QA cn2: 抖店's 订单应付金额 on each line was then neither replaced by 商品金额 nor
    counted once, and the run stopped once the masked phone was filled in)."""
    from .clean import parse_amount

    keys = [columns.get(k) for k in ("order_id", "customer_id", "order_date", "amount")]
    if keys[1] == "?" or keys[1] is None:
        keys[1] = keys[0]  # no customer known yet: the order number stands in for it
    if not all(isinstance(h, str) and h in frame for h in keys):  # a column of a joined file: the run tells
        return None
    order, customer, date, amount = keys

    def text(header: str) -> pd.Series:
        return _cells(frame, header).astype("string").str.strip().replace("", pd.NA).reset_index(drop=True)

    day = text(date).str.split(n=1).str[0]  # 2025-11-14 15:22:58: the day
    cents = pd.Series(parse_amount(_cells(frame, amount).astype("string")).to_numpy()).round(2)
    items = [columns[k] for k in ("product", "quantity") if isinstance(columns.get(k), str) and columns[k] in frame]
    told = items or [c for c in frame.columns if c != SOURCE_ROW]  # without them, any cell
    rows = pd.util.hash_pandas_object(frame[told].astype("string"), index=False).reset_index(drop=True)
    table = pd.DataFrame({"order": text(order), "customer": text(customer), "day": day, "cents": cents, "row": rows})
    table = table.dropna(subset=["order", "customer", "day", "cents"])
    grouped = table.groupby(["order", "customer", "day"]).agg(
        n=("cents", "size"), low=("cents", "min"), high=("cents", "max"), rows=("row", "nunique"))
    several = grouped.loc[(grouped["n"] > 1) & (grouped["rows"] > 1) & (grouped["high"] != 0)]
    return int((several["low"] == several["high"]).sum()), len(several)


def _total_beside_order_refund(frame: pd.DataFrame, headers: list[str], columns: dict) -> str | None:
    """The column of the order's total when the mapped ``refund`` is the order's written on each of its lines: in
    every order of several lines of the sample carrying a refund (two such orders at least), one refund on each line,
    and the amount mapped, or a column not mapped, holds one figure on each order's lines, for a column not mapped
    the sum of the amount's lines, in every order of several lines (BigCommerce's Order Total and Refund Amount on
    each product row beside its Product Total Price); None otherwise."""
    from .clean import parse_amount

    keys = [columns.get(k) for k in ("order_id", "amount", "refund")]
    if not all(isinstance(h, str) and h in frame for h in keys):
        return None
    order, amount, refund = keys

    def money(header: str) -> pd.Series:
        return pd.Series(parse_amount(_cells(frame, header).astype("string").str.strip()).to_numpy()).round(2)

    ids = _cells(frame, order).astype("string").str.strip().replace("", pd.NA).reset_index(drop=True)
    table = pd.DataFrame({"order": ids, "line": money(amount), "refund": money(refund).fillna(0)}).dropna()
    grouped = table.groupby("order").agg(n=("line", "size"), line=("line", "sum"), first=("line", "min"),
                                         last=("line", "max"), low=("refund", "min"), high=("refund", "max"))
    refunded = grouped[(grouped["n"] > 1) & (grouped["high"] > 0)]
    if len(refunded) < 2 or not (refunded["low"] == refunded["high"]).all():
        return None
    several = grouped[grouped["n"] > 1]
    if (several["first"] == several["last"]).all():  # the amount mapped is the order's total already
        return amount
    mapped = {h for v in columns.values() for h in _names(v)}
    for header in headers:
        if header in mapped or header not in frame.columns:
            continue
        totals = table.assign(total=money(header)).dropna().groupby("order")["total"].agg(["nunique", "first"])
        totals = totals.reindex(several.index)
        if totals["nunique"].eq(1).all() and (totals["first"].round(2) == several["line"].round(2)).all():
            return str(header)
    return None


def _orders_partly_excluded(frame: pd.DataFrame, order_header, exclude: dict) -> int:
    """How many sample orders (by ``order_header``) have some lines, not all, that ``exclude`` (header -> values, as
    drafted) leaves out."""
    order = _cells(frame, order_header).astype("string").str.strip().replace("", pd.NA).reset_index(drop=True)
    out = pd.Series(False, index=order.index)
    for header, values in exclude.items():
        if header in frame:
            cells = _cells(frame, header).astype("string").str.strip().reset_index(drop=True)
            out |= cells.isin([str(v) for v in values]).fillna(False)
    if not out.any():
        return 0
    share = out.groupby(order).agg(["any", "all"])
    return int((share["any"] & ~share["all"]).sum())


#: An order's freight, written on each of its lines beside its total (抖店's 运费 beside 订单应付金额).
_FREIGHT = re.compile(r"运费|運費|邮费|郵費|快递费|快遞費|配送费|配送費|shipping|freight|postage", re.IGNORECASE)


def _unsettled_year_month(cells: pd.Series) -> str | None:
    """The first 2025.1 of ``cells``, order dates typed year.month, that the column does not settle as January or
    October (:func:`kit.clean.year_month_octobers`, which stops the run on it), as it reads; else None."""
    import duckdb

    from .clean import SOURCE_ROW, YEAR_MONTH, year_month_octobers

    text = cells.astype("string").str.strip().reset_index(drop=True)
    if not text.str.fullmatch(YEAR_MONTH, na=False).any():  # no year.month: nothing to ask
        return None
    con = duckdb.connect()
    try:
        con.register("_dates", pd.DataFrame({"d": text.to_numpy(dtype=object), SOURCE_ROW: np.arange(len(text)) + 2}))
        year_month_octobers(con, "_dates", "d", "", None)
    except DataError as error:
        if error.key != "e_year_month_tenths":
            raise
        return str(error.values["value"])
    finally:
        con.close()
    return None


def _lost_orders(frame: pd.DataFrame, columns: dict) -> pd.DataFrame | None:
    """``frame`` with its order numbers, most of which Excel saved in scientific notation (6.92012E+18: their digits
    lost, many orders under one), told apart by the order's time and amount as well, for :func:`_line_amount`; None
    when the order numbers are whole or nothing tells orders apart."""
    from .clean import clean_customer_id
    from .clean_sql import SCIENTIFIC_ID

    keys = [columns.get(k) for k in ("order_id", "order_date", "amount")]
    if not all(isinstance(h, str) and h in frame for h in keys):
        return None
    cells = clean_customer_id(_cells(frame, keys[0]))
    if not cells.str.fullmatch(SCIENTIFIC_ID, na=False).mean() >= 0.5:
        return None
    out = frame.copy()
    out[keys[0]] = (cells.fillna("") + "|" + _cells(frame, keys[1]).astype("string").str.strip().fillna("") + "|"
                    + _cells(frame, keys[2]).astype("string").str.strip().fillna("")).to_numpy()
    return out


def _line_amount(frame: pd.DataFrame, columns: dict, headers: list[str], *,
                 few: bool = False) -> tuple[str, str | None, int, int, float] | None:
    """The column holding each line's own amount beside an order's total written on each of its lines (an ERP's
    商品金额 beside 订单金额), the order's freight column when the total holds it too, and how many of the sample's
    orders have lines not adding up to their total, of how many, by how much in all (the lines' sum less the total);
    or None. The column is a money column not mapped whose amounts differ between an order's lines and add up to
    the order's total (to the cent), or to it less the order's freight (运费, written on each line), in at least 95%
    of the sample's orders of several lines and of all its orders (an order of one line whose amount is not the
    total's is one too). Lines of quantity × unit price alone may be list prices before the order's coupons: an
    export where more orders than that do not add up stays counted once by its totals (review rcn: at 80%, the
    coupons of the other orders were counted as revenue).

    ``few``: the sample has fewer than :data:`kit.clean_sql.REPEATED_TOTALS_MIN_ORDERS` orders of several lines
    carrying their total on each (a small export, or one of mostly single items): two such orders at least, and then
    every one of them, its total one amount on each of its lines, adds up (QA cn: six such orders among 30, the total
    drafted as each line's amount, so each was counted once per line)."""
    from .clean import parse_amount

    keys = [columns.get(k) for k in ("order_id", "amount")]
    if not all(isinstance(h, str) and h in frame for h in keys):
        return None
    order = _cells(frame, keys[0]).astype("string").str.strip().replace("", pd.NA).reset_index(drop=True)
    total = pd.Series(parse_amount(_cells(frame, keys[1]).astype("string")).to_numpy()).round(2)

    def money(header: str) -> pd.Series | None:
        if not isinstance(header, str) or header not in frame:
            return None
        return pd.Series(parse_amount(_cells(frame, header).astype("string")).to_numpy()).round(2)

    mapped = {v for v in columns.values() if isinstance(v, str)}
    freights = [(h, money(h).fillna(0.0)) for h in headers if h not in mapped and h != SOURCE_ROW
                and _FREIGHT.search(_norm(h))]
    several = order.map(order.value_counts()) > 1
    for header in headers:
        if header in mapped or header == SOURCE_ROW or NOT_CONTAINED["amount"].search(_norm(header)) \
                or _PAID_SO_FAR.search(_norm(header)):
            continue
        cells = money(header)
        if cells is None or cells.notna().sum() < 0.9 * len(frame) or not several.any():
            continue
        for freight, charged in [(None, pd.Series(0.0, index=cells.index)), *freights]:
            table = pd.DataFrame({"order": order, "total": total - charged, "line": cells,
                                  "several": several}).dropna()
            grouped = table.groupby("order").agg(total=("total", "first"), line=("line", "sum"),
                                                 low=("line", "min"), high=("line", "max"), several=("several", "first"),
                                                 totals=("total", "nunique"))
            multi = grouped[grouped["several"]]
            if len(multi) < (2 if few else 10) or not (multi["low"] != multi["high"]).any():
                break  # one amount on every line: another order total
            adds = grouped["line"].round(2) == grouped["total"].round(2)
            if few:  # every order of several lines adds up, its total one amount on each line
                fits = bool(adds[grouped["several"]].all() and (multi["totals"] == 1).all())
            else:
                fits = adds[grouped["several"]].mean() >= 0.95
            if fits and adds.mean() >= 0.95:
                return (header, freight, int((~adds).sum()), len(grouped),
                        float((grouped["line"] - grouped["total"])[~adds].sum()))
    return None


def _order_lines(orders: pd.Series, amounts: pd.Series) -> np.ndarray:
    """Rows without an amount of an order whose amount is on one other row, which cleaning drops as lines of that
    order (``order_line``, :func:`kit.clean_sql._mark_order_lines`); ``orders`` trimmed, a blank one <NA>."""
    order = orders.reset_index(drop=True)  # trimmed, a blank as <NA>
    text = amounts.astype("string").str.strip().reset_index(drop=True)
    empty = (text.isna() | (text == "")).to_numpy()
    priced = order[~empty].dropna().value_counts()
    single = order.isin(priced.index[priced.to_numpy() == 1]).to_numpy()
    return empty & single


def _customers_in_window(ids: pd.Series, dates: pd.Series, date_format: str | None, as_of: dt.date) -> int:
    """Distinct ``ids`` with a date in the 12-month window ending at ``as_of``, as the run would draw it."""
    from .clean import parse_dates_with_format
    from .params import Period

    start, end = Period(as_of=as_of, months=12).window()
    days = parse_dates_with_format(dates.reset_index(drop=True), date_format)
    inside = ((days >= start) & (days < end + pd.Timedelta(days=1))).to_numpy()
    return int(ids.reset_index(drop=True)[inside].nunique())


def _after_window(days: pd.Series, as_of: dt.date, lines: bool) -> Note | None:
    """A note when some of the order ``days`` (order lines when ``lines``, else distinct order days) fall after
    the window that ``as_of`` draws (a month not yet whole)."""
    from .params import Period

    end = Period(as_of=as_of, months=12).window()[1]
    later = days[days > end]
    if later.empty:
        return None
    latest = later.max()
    n, of, share, month_end = len(later), int(days.notna().sum()), len(later) / days.notna().sum(), \
        (latest + pd.offsets.MonthEnd(0)).date()
    return Note(f"{n:,} of {of:,} {'order lines' if lines else 'order days'} ({share:.1%}) are dated after "
                f"{end:%Y-%m-%d}, in {latest:%Y-%m}, a month not yet whole that the drafted window leaves out; to grade "
                f"them anyway, set period.as_of to {month_end} (that month then counts, though not whole)",
                f"{of:,} 个{'订单行' if lines else '订单日'}中有 {n:,} 个（{share:.1%}）在 {end:%Y-%m-%d} 之后，"
                f"即 {latest:%Y-%m}：该月尚不完整，起草的分级期间不包括它；如仍要纳入，把 period.as_of 设为 {month_end}"
                f"（该月虽不完整也计入）")


def _thin_end(days: pd.Series, as_of: dt.date, lines: bool) -> tuple[dt.date, Note] | None:
    """When the last month of the window ``as_of`` draws is nearly empty against the months before it
    (:func:`kit.clean.thin_month`; ``days``: order lines when ``lines``, else distinct order days): the end of the
    month before, for ``period.as_of``, and a note saying why."""
    from .clean import thin_month
    from .params import Period

    month = pd.Timestamp(Period(as_of=as_of, months=12).window()[1]).to_period("M")
    counts = days.dropna().dt.to_period("M").value_counts()
    typical = thin_month(counts, month)
    if typical is None:
        return None
    n, earlier = int(counts.get(month, 0)), (month - 1).end_time.date()
    what = f"order {'line' if lines else 'day'}{'' if n == 1 else 's'}"
    return earlier, Note(
        f"{month} holds {n:,} {what} against about {typical:,.0f} a month before it: the export likely ends early "
        f"in that month, so the window is drafted to end with {month - 1}; to grade {month} anyway, set "
        f"period.as_of to {month.end_time.date()}",
        f"{month} 只有 {n:,} 个{'订单行' if lines else '订单日'}，之前每月约 {typical:,.0f} 个：导出多半在该月初就截止了，"
        f"故起草的分级期间截至 {month - 1}；如仍要纳入 {month}，把 period.as_of 设为 {month.end_time.date()}")


def _window_end(latest: dt.date | None, ambiguous: bool, monthly: bool = False,
                first: dt.date | None = None, lang: str = "en", year: int | None = None) -> tuple[dt.date, str]:
    """``period.as_of`` for data whose latest order is ``latest`` (and earliest ``first``, when known), and a
    comment saying why (in ``lang``). ``year``: the one the file's name gives (2024年分区销售台账.xlsx), whose
    December the ledger closes whatever day its last order falls on."""
    zh = lang == "zh"
    if latest is None:
        if zh:
            why = "请先设置 data.date_format" if ambiguous else "读不出任何订单日期"
            return dt.date.today(), f"{why}；再填写分级期间的最后一天"
        why = "set data.date_format first" if ambiguous else "no order date could be read"
        return dt.date.today(), f"{why}; then set the last day of the window"
    month_end = (pd.Timestamp(latest) + pd.offsets.MonthEnd(0)).date()
    if monthly:  # one row per customer and month (2025-03): the latest month is whole
        return month_end, (f"日期按月记录，最近的是 {latest:%Y-%m}：分级期间截至该月" if zh else
                           f"dates are months; the latest is {latest:%Y-%m}: the window ends with that month")
    if year is not None and (latest.year, latest.month) == (year, 12) and dt.date.today() > month_end:
        # the ledger of a year gone by, to its last order (a December nearly empty is cut by the thin-month check)
        # the window ends with the year; how many of its months it holds is period.months' (QA: "按全年" beside 3)
        return month_end, (f"文件名写明 {year} 年，最近一笔订单在 {latest}：分级期间截至该年年末 {month_end}" if zh else
                           f"the file's name gives {year} and the latest order is on {latest}: the window ends with "
                           f"that year, on {month_end}")
    if latest.day >= 25:  # the data reaches the month's last days: take that month as whole
        return month_end, (f"最近一笔订单在 {latest}：分级期间截至该月" if zh else
                           f"the latest order is on {latest}: the window ends with that month")
    if first is not None and (first.year, first.month) == (latest.year, latest.month):  # a first look at one month
        return month_end, (f"所有订单都在 {latest:%Y-%m}，该月不完整（最近一笔在 {latest}）：分级期间截至该月，否则期间内没有订单"
                           if zh else
                           f"every order is in {latest:%Y-%m}, which is not whole (the latest is on {latest}): the "
                           f"window ends with that month, or it would hold no order")
    before = (pd.Timestamp(latest) - pd.offsets.MonthEnd(1)).date()
    return latest, (f"最近一笔订单的日期；该月不完整，分级期间截至上月末 {before}" if zh else
                    f"the latest order's date; that month is not whole, so the window ends on {before}, the month "
                    f"before's last day")


#: A title block's statement of the sheet's unit (单位：万元, 金额单位: 千元, 单位：元).
_TITLE_UNIT = re.compile(r"(单位|單位)\s*(?:[:：]|为|為|是)\s*(人民币|人民幣|港币|港幣|新台币|新臺幣|港|美|欧|歐|日)?\s*"
                         r"([十百千]?[万萬亿億]元|[十百千]元|元|分)(?![公店部司行局厂區区])")  # 单位为分公司: no unit (re-read)


#: A money header with tax (价税合计, 含税金额) or without it (不含税金额, 无税金额), as Chinese invoices write both.
_WITH_TAX = re.compile(r"价税合计|價稅合計|含税|含稅|税込|^합계(금액)?$")
_WITHOUT_TAX = re.compile(r"不含税|不含稅|无税|無稅|未税|未稅|净额|淨額|税抜|공급가액")


_LINE_MONEY = re.compile(r"金额|金額|合计|合計|总额|總額|销售额|銷售額|净额|淨額|总价|總價|^합계(금액)?$|공급가액")
_NOT_LINE_MONEY = re.compile(r"单价|單價|价格|價格|税率|稅率|税额|稅額|^税|^稅")


def _note_names_in_several_places(frame: pd.DataFrame, columns: dict, notes: list) -> None:
    """A note when the customers go by their names alone (no code column) and one name is written in several cities
    (or provinces, regions): 县人民医院 of five counties, graded as one customer (QA: 64 hospitals graded as 46)."""
    cid = columns.get("customer_id")
    if not isinstance(cid, str) or cid != columns.get("customer_name") or cid not in frame:
        return
    place = next((columns[k] for k in ("city", "province", "region") if isinstance(columns.get(k), str)
                  and columns[k] in frame), None)
    if place is None:
        return
    pairs = pd.DataFrame({"name": _cells(frame, cid).astype("string").str.strip(),
                          "place": _cells(frame, place).astype("string").str.strip()}).dropna()
    pairs = pairs[(pairs["name"] != "") & (pairs["place"] != "")].drop_duplicates()
    places = pairs.groupby("name")["place"].nunique()
    shared = places[places > 1].sort_values(ascending=False, kind="stable")
    if shared.empty:
        return
    examples = shared.head(3)
    notes.append(Note(
        f"the customers go by their names, and {len(shared):,} {'name is' if len(shared) == 1 else 'names are'} "
        f"written in several {place!r} (e.g. " + ", ".join(f"{n} in {k} of them" for n, k in examples.items())
        + "): each name is graded as one customer; if they are different customers, give each a code in the export "
          "(or write the place into the name)",
        f"客户按名称识别，有 {len(shared):,} 个名称出现在多个{place}（如 " + "、".join(f"{n} 在 {k} 个{place}" for n, k
                                                                       in examples.items()) + "）：每个名称按一家客户分级；"
        f"如它们是不同的客户，请在导出中为每家客户加上编码（或把{place}写进名称）"))


def _note_tax(columns: dict, headers: list[str], notes: list) -> None:
    """A note when the amount drafted is before tax (金额 of an invoice) and a column holds it with tax (价税合计), or
    the other way round: which one grades the customers is the consultant's choice, not the kit's."""
    if "amount" not in columns or isinstance(columns["amount"], list):
        return
    amount = str(columns["amount"])
    taxed = bool(_WITH_TAX.search(amount)) and not _WITHOUT_TAX.search(amount)
    # a line's money, not its unit price, tax rate or the tax alone (含税单价 beside 金额: review)
    money = [str(h) for h in headers if str(h) != amount and _LINE_MONEY.search(str(h)) and not _NOT_LINE_MONEY.search(str(h))]
    if is_local_amount(amount):  # 本币无税金额: its counterpart in the same currency (本币价税合计, not 原币价税合计)
        money = [h for h in money if is_local_amount(h)] or money
    other = next((h for h in money if (not taxed and _WITH_TAX.search(h) and not _WITHOUT_TAX.search(h))
                  or (taxed and (_WITHOUT_TAX.search(h) or h.strip() in ("金额", "金額")))), None)
    if other is None:
        return
    if taxed:
        notes.append(Note(f"the amount is {amount!r}, with tax; {other!r} holds it without tax: map amount to it to "
                          f"grade by revenue before tax", f"金额取 {amount!r}（含税）；{other!r} 为不含税金额：如按不含税收入分级，"
                          f"把 amount 改为它"))
    else:
        notes.append(Note(f"the amount is {amount!r}, without tax; {other!r} holds it with tax: map amount to it to "
                          f"grade by what customers pay", f"金额取 {amount!r}（不含税）；{other!r} 为含税金额：如按客户实际支付"
                          f"的金额分级，把 amount 改为它"))


def _note_marked_currencies(cells: pd.Series, header: str, notes: list) -> None:
    """A note when the money cells name several currencies by marks beside their numbers (¥12,345, US$1,234,
    HK$20): the run stops on them (:func:`kit.clean_sql.stop_on_marked_currencies`), so say it before."""
    from .currency import currencies_in_cells

    text = cells.dropna().astype(str).str.strip()
    distinct = text[~text.str.fullmatch(r"[-+\d.,\s()]*")].drop_duplicates()
    named = pd.DataFrame({"cell": distinct, "code": currencies_in_cells(distinct).to_numpy()}).dropna()
    if named["code"].nunique() < 2:
        return
    lines = text.map(named.set_index("cell")["code"]).value_counts()  # the cells of each currency
    first = named.drop_duplicates("code").set_index("code")["cell"]
    order = sorted(first.index, key=lambda code: (-lines.get(code, 0), code))
    notes.append(Note(
        f"the column {header!r} writes its amounts in several currencies ("
        + ", ".join(f"{code} such as {first[code]}" for code in order)
        + "): a run stops on it; split the file by currency, or convert the amounts to one currency first",
        f"{header!r} 列的金额写着多种货币（" + "，".join(f"{code} 如 {first[code]}" for code in order)
        + "）：运行会因此停止；请按货币把文件拆开，或先把金额换算为同一货币"))


def _note_scientific_codes(frame: pd.DataFrame, columns: dict, notes: list) -> None:
    """A note for customer codes or order numbers Excel saved in scientific notation (1.10102E+11): the run stops on
    such customer codes, and reads such order numbers as none (each line then the customer's order of its day)."""
    from .clean import clean_customer_id
    from .clean_sql import SCIENTIFIC_ID

    for key in ("customer_id", "order_id"):
        if key not in columns:
            continue
        cells = clean_customer_id(_cells(frame, columns[key]))  # as a run reads them: ="1.1E+11" too
        found = cells[cells.str.fullmatch(SCIENTIFIC_ID, na=False)]
        if found.empty:
            continue
        header, example = _names(columns[key])[0], found.iloc[0]
        if key == "customer_id":
            notes.append(Note(f"{len(found):,} customer codes in {header!r} are in scientific notation ({example}): "
                              f"Excel saved them so and their digits are lost, and the run stops on them; export the "
                              f"file again, or import it into Excel with that column as Text",
                              f"{header!r} 列有 {len(found):,} 个客户编码是科学计数法（如 {example}）：Excel 保存时丢失了数字，"
                              f"运行会在此停止；请重新导出，或在 Excel 中把该列设为“文本”格式后导入"))
        else:
            notes.append(Note(f"{len(found):,} order numbers in {header!r} are in scientific notation ({example}): "
                              f"their digits are lost, so the run reads them as none and counts each such line as "
                              f"the customer's order of its day; export the file again to count orders right",
                              f"{header!r} 列有 {len(found):,} 个单号是科学计数法（如 {example}），数字已丢失：运行时视为无单号，"
                              f"每行按该客户当天的一笔订单计；如要准确计单数，请重新导出"))


def _sheet_units(path: Path, sheets: list, guesses: list[dict], notes: list) -> dict[str, float] | None:
    """Each money header's factor to currency units, when the sheets of a workbook read with ``sheet: all`` write
    their amounts in different units that the headers tell apart: the unit a header names (金额（万元）), else the
    one the title above the sheet's table names (单位：万元 above 金额 on some sheets; 金额（元） on the others).
    A header written under different units on different sheets gets a note: no factor per header can say that."""
    key = next((k for k in ("amount", "unit_price") if any(k in g for g in guesses)), None)
    if key is None:
        return None
    factors: dict[str, dict[str, float]] = {}  # header -> sheet -> factor
    for name, guess in zip(sheets, guesses):
        if key in guess:
            unit = amount_scale(guess[key]) or _title_unit(_title_said(path, name)) or (1.0, "")
            factors.setdefault(str(guess[key]), {})[str(name)] = unit[0]
    mixed = {h: by for h, by in factors.items() if len(set(by.values())) > 1}
    for header, by in mixed.items():
        said = ", ".join(f"{sheet}: {_factor(factor)}" for sheet, factor in by.items())
        notes.append(Note(f"the sheets writing {header!r} name different units above their tables ({said}); one "
                          f"factor per header cannot tell them apart, so amount_scale is right for some sheets only: "
                          f"name the unit in each sheet's header (金额（万元）) or write every sheet in one unit",
                          f"各工作表的 {header!r} 列单位不同（表格上方标题所注，{said}）；amount_scale 按表头换算，无法区分，"
                          f"只对部分工作表正确：请在各表的表头注明单位（如 金额（万元）），或统一各表的单位"))
    scales = {header: next(iter(by.values())) for header, by in factors.items()}
    return scales if not mixed and len(set(scales.values())) > 1 else None


#: Headers that write amounts in the currency's smallest unit beside ``amount`` (Stripe's charges, payment intents
#: and balance transactions, as its API and Sigma give them; its dashboard's export writes Amount in units).
_MINOR_UNIT_HEADERS = ("amount_refunded", "amount_captured", "amount_received", "amount_capturable",
                       "application_fee_amount")
#: Currencies Stripe writes in whole units (its zero-decimal currencies): no cents to scale.
_ZERO_DECIMAL = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf",
                 "xof", "xpf"}


def _minor_units_beside(headers) -> str:
    return " / ".join(str(h) for h in headers if str(h).strip().lower() in _MINOR_UNIT_HEADERS)


def _minor_units(frame: pd.DataFrame, columns: dict, headers) -> bool:
    """Whether the amounts are whole numbers of the currency's smallest unit: a Stripe export's ``amount`` beside
    ``amount_refunded`` (or another of :data:`_MINOR_UNIT_HEADERS`), every amount of the sample whole, its
    ``currency`` column in Stripe's lower-case codes naming a currency with cents, and its IDs Stripe's (ch_, pi_
    ...) or a column of Stripe's own (captured, balance_transaction, payment_intent)."""
    amount = columns.get("amount")
    if not isinstance(amount, str) or amount.strip().lower() != "amount" or not _minor_units_beside(headers):
        return False
    cells = _cells(frame, amount).astype("string").str.strip().dropna()
    cells = cells[cells != ""]
    if cells.empty or not cells.str.fullmatch(r"-?\d+").all():
        return False
    # Stripe's own marks, not merely its headers (review: whole yuan beside an amount_refunded drafted as cents): its
    # currency codes in lower case, and its objects' IDs (ch_, pi_ ...) or columns no other export has
    names = {str(h).strip().lower(): h for h in headers}
    currency = names.get("currency")
    codes = set() if currency is None else set(_cells(frame, currency).astype("string").str.strip().dropna())
    if not codes or not all(re.fullmatch(r"[a-z]{3}", c) for c in codes) or all(c in _ZERO_DECIMAL for c in codes):
        return False
    ids = _cells(frame, names["id"]).astype("string").str.strip() if "id" in names else pd.Series([], dtype="string")
    return bool(ids.str.match(r"(ch|pi|py|in|txn|re)_").fillna(False).mean() > 0.5
                or {"captured", "balance_transaction", "payment_intent"} & set(names))


def _scaled_amounts(frame: pd.DataFrame, columns: dict) -> tuple[int, str] | None:
    """(factor, a cell) when the sample's amounts are plain decimals, most (60%) of the non-zero ones under 1 and
    written past the cent (0.024659, not 0.0200): H&M's published prices, scaled to hide the real ones. Rounding
    each line to the cent, as the run does with money, would leave 0.02 of 0.024659; the factor, a power of ten up
    to 1,000,000, keeps the digits the amounts are written to (95% of them; float noise such as 0.30000000000000004
    aside). None for money: amounts of a currency with cents, or a few fractions of a cent (Superstore's 957.5775)."""
    amount = columns.get("amount")
    if not isinstance(amount, str) or amount not in frame:
        return None
    cells = _cells(frame, amount).astype("string").str.strip().dropna()
    cells = cells[cells.str.fullmatch(r"-?\d*\.\d+")]
    values = pd.to_numeric(cells, errors="coerce")
    cells = cells[values.notna() & (values != 0)]
    if len(cells) < 20:
        return None
    decimals = cells.str.extract(r"\.(\d+)$")[0].str.rstrip("0").str.len()
    small = pd.to_numeric(cells).abs() < 1
    past_cent = decimals > 2
    if small.mean() < 0.6 or (past_cent & small).mean() < 0.6:
        return None
    written = decimals[decimals <= 8]  # beyond: float noise (0.30000000000000004), not a digit written
    if written.empty:
        return None
    return scale_keeping(written.quantile(0.95, interpolation="higher")), str(cells[past_cent].iloc[0])


def _title_unit(found: re.Match | None) -> tuple[float, str] | None:
    """The unit a workbook sheet's title block names above its table (:func:`_title_said`: ``单位：万元`` in row 2
    of a hand-kept ledger, ``單位：萬元`` in a Hong Kong one), as (factor, words); None for yuan or none named."""
    unit = found.group(3) if found else None
    if unit is None or unit == "元":
        return None
    return (0.01 if unit == "分" else unit_scale(unit)[0]), found.group(0).replace(" ", "")


def _title_currency(found: re.Match | None) -> str | None:
    """The currency the title block's unit (:func:`_title_said`) names (单位：港元, 單位：美元), or None."""
    return _currency_of((found.group(2) or "") + found.group(3)) if found else None


#: What a note below a table names the unit of, for :func:`_footnote_said`: the money (注：金额单位为万元), or nothing
#: but the note's lead (注：, 1., 本表) before 单位.
_FOOTNOTE_MONEY = r"(金额|金額|销售额|銷售額|收入|货款|貨款|价款|價款)\s*$"
_FOOTNOTE_LEAD = r"^\s*(注|註|备注|備註|说明|說明)?\s*[:：]?\s*(\d+\s*[.、)）]\s*)?(本表|上表|表中|表内|以上)?\s*"


def _footnote_said(frame: pd.DataFrame) -> re.Match | None:
    """The unit (:data:`_TITLE_UNIT`) a note below a sheet's table names, on a row of one text cell (注：金额单位为万元,
    QA hand: amounts read 10,000 times too small, nothing said), or None."""
    from .io import SOURCE_ROW

    cells = frame.drop(columns=[SOURCE_ROW], errors="ignore")
    if cells.empty:
        return None
    alone = cells.loc[cells.notna().sum(axis=1) == 1]
    if alone.empty:
        return None
    text = alone.bfill(axis=1).iloc[:, 0].astype("string")
    found = text[text.str.match(f"(?:.*?)(?:{_TITLE_UNIT.pattern})").fillna(False)]
    for note in map(str, reversed(found.tolist())):  # the last such note: of the units it names, the money's
        # (review: 注：运费单位为元，金额单位为万元 read as 元), not one qualifying a column (单位为万元的列不含税), else its one
        units = [m for m in _TITLE_UNIT.finditer(note) if not note[m.end():].lstrip().startswith(("的", "之"))]
        said = [re.split(r"[，,；;。、]", note[:m.start()])[-1] for m in units]  # what each names the unit of
        money = [m for m, of in zip(units, said) if re.search(_FOOTNOTE_MONEY, of)]
        # a unit of no column named (注：单位为万元, 本表单位：万元), not 单价单位为万元: the price's alone
        units = [m for m, of in zip(units, said) if not re.sub(_FOOTNOTE_LEAD, "", of)]
        if money or len({m.group(3) for m in units}) == 1:
            return (money or units)[0]
    return None


def _title_said(path: Path, sheet, *, encoding: str | None = None) -> re.Match | None:
    """The unit (:data:`_TITLE_UNIT`) the title block above a workbook sheet's table, or a text file's title
    lines above its header (2025年客户销售明细（单位：万元）, QA c94), names, or None."""
    from .io import EXCEL_SUFFIXES

    cells = (_title_cells(path, sheet, header=True) if path.suffix.lower() in EXCEL_SUFFIXES
             else _text_title_cells(path, encoding=encoding))
    return next((m for c in cells for m in [_TITLE_UNIT.search(c)] if m), None)


def _text_title_cells(path: Path, *, encoding: str | None = None) -> list[str]:
    """The cells of a text file's (CSV's) title lines above its header, and the header's: the lines before the
    first of three cells or more, as :func:`_title_cells` reads a sheet's; none for a file that does not read."""
    import csv

    from .io import SPACES, _csv_layout, _csv_rows

    if path.suffix.lower() in (".parquet", ".json", ".jsonl") or not path.is_file():
        return []
    try:
        enc, delimiter, _ = _csv_layout(path, encoding=encoding, header_row=None, expected=())
        if delimiter == SPACES:
            return []
        with path.open(encoding=enc, newline="", errors="replace") as handle:
            top = _csv_rows([line for _, line in zip(range(8), handle)], delimiter)
    except (DataError, OSError, UnicodeError, csv.Error):  # the rest of kit init reads the file again and says so
        return []
    title = []
    for row in top:
        cells = [c for c in row if c.strip()]
        title += cells
        if len(cells) >= 3:  # the header row: the table starts
            break
    return title


def _title_year(path: Path, sheet) -> int | None:
    """The year the title block above a workbook sheet's table names (2024年度客户销售统计), or None."""
    from .wide import name_year

    # 2024年度客户销售统计, not the day it was printed (制表日期：2025年1月6日, review)
    return name_year(*[c for c in _title_cells(path, sheet) if re.search(r"(19|20)\d\d\s*年(?!\s*\d{1,2}\s*月)", c)
                       and not re.search(r"制表|打印|导出|日期|时间", c)])


def _title_cells(path: Path, sheet, *, header: bool = False) -> list[str]:
    """The text cells of the title block above a workbook sheet's table (the rows before the first of three
    cells or more; with ``header``, that row's too: 单位：万元 may sit beside the headers); none for another kind
    of file."""
    from .io import EXCEL_SUFFIXES, _xml_grid, is_spreadsheetml, stop_on_a_far_cell

    if path.suffix.lower() not in EXCEL_SUFFIXES or sheet == "all":
        return []
    stop_on_a_far_cell(path, 0 if sheet is None else sheet)  # calamine reads the whole sheet for its first rows
    try:
        if is_spreadsheetml(path):  # Excel 2003 XML, which calamine does not read: its title 单位：万元 was missed
            top = _xml_grid(path, 0 if sheet is None else sheet)[0].head(8)
        else:
            top = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, header=None, nrows=8, dtype=object,
                                engine="calamine")
    except Exception:  # noqa: BLE001 - calamine raises its own types; the rest of kit init reads the sheet again and says its errors
        return []
    title = []
    for row in top.itertuples(index=False):
        cells = [str(c) for c in row if isinstance(c, str)]
        if sum(bool(c.strip()) for c in cells) >= 3:  # the header row: the table starts
            return title + cells if header else title
        title += cells
    return title


#: A Chinese unit of money a header or title names: 万元, 百万元, 千万元, 亿元, 千元, 万美元, （万）, （百万）, 萬元, 億元.
_ZH_UNIT = re.compile(r"(?P<small>[十百千])?(?P<big>[万萬亿億])?(?:人民币|人民幣|港币|港幣|[美港日欧歐英])?元"
                      r"|[(（](?P<psmall>[十百千])?(?P<pbig>[万萬亿億])?[)）]")
_ZH_SMALL = {"十": 10, "百": 100, "千": 1_000}
_ZH_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
#: Words for thousands, millions and billions in a money header (Umsatz in Tsd. €, en milliers d'euros, USD m,
#: Amount ('000), k€, Mio. €, Revenue (millions)).
_WORD_SCALES = {
    **dict.fromkeys(("thousand", "thousands", "tsd", "milliers", "miles", "migliaia", "duizend", "mil", "'000",
                     "000", "000s", "k", "t"), 1_000),
    **dict.fromkeys(("million", "millions", "mio", "millones", "milioni", "milhões", "milhoes", "miljoen", "m", "mm",
                     "mn"), 1_000_000),
    **dict.fromkeys(("billion", "billions", "bn", "mrd", "milliard", "milliards"), 1_000_000_000),
}
_CURRENCY_WORD = r"(?:usd|eur|gbp|rmb|cny|hkd|jpy|chf|brl|r\$|\$|€|£|¥)"
#: Short words (k, m, t, '000) only beside a currency or alone in brackets; the others anywhere as words.
_WORD_UNIT = re.compile(
    rf"(?<![\w'])(?P<word>thousands?|tsd|milliers|miles|migliaia|duizend|millions?|mio|millones|milioni|milh[õo]es|"
    rf"miljoen|billions?|mrd|milliards?)(?![\w])"
    rf"|{_CURRENCY_WORD}\s*(?P<after>k|m|mm|mn|bn|'000|000s?)(?![\w])"
    rf"|(?<![\w])(?:r\$\s*(?P<real>mil)|(?P<euros>mil)\s*(?:€|eur))(?![\w])"
    rf"|(?<![\w])(?P<before>k|m|mm|mn|bn|t)\s*{_CURRENCY_WORD}"
    rf"|[(\[（]\s*(?P<alone>k|m|mm|mn|bn|'000|000s?)\s*[)\]）]"
    rf"|(?P<quoted>'000)",
    re.IGNORECASE)
#: Words before a unit that make it the unit a price is per (je t, per m, pro m, /t), not a scale of money.
_PER_UNIT = re.compile(r"(\bper|\bje|\bpro|\bpar|\bpor|/)\s*$", re.IGNORECASE)
#: A unit price's header, whose one-letter unit (m, t) is what it is the price of
_PRICE = re.compile(r"price|preis|prix|precio|preço|preco|prezzo|prijs|单价|單價", re.IGNORECASE)
#: The cents a header may name (金额(分), amount_cents).
_CENTS = re.compile(r"[(（]分[)）]|(?i:\bcents?\b|_cents?$)")


def unit_scale(text: str) -> tuple[float, str] | None:
    """The factor that turns amounts written in the unit ``text`` names into currency units, with the words that
    name it: 金额（百万元） 1,000,000, 金额（万元） 10,000, 亿元 100,000,000, Umsatz (Tsd. €) 1,000, USD m 1,000,000,
    金额(分) 0.01; None when it names none (金额（元）, Amount (EUR))."""
    text = str(text)
    for found in _ZH_UNIT.finditer(text):
        small, big = found.group("small") or found.group("psmall"), found.group("big") or found.group("pbig")
        if small or big:
            return float(_ZH_SMALL.get(small, 1) * _ZH_BIG.get(big, 1)), found.group(0)
    if (cents := _CENTS.search(text)) is not None:
        return 0.01, cents.group(0)
    for found in _WORD_UNIT.finditer(text):
        if _PER_UNIT.search(text[:found.start()]):  # Preis je t EUR, Price per m €: a unit's price, no scale
            continue
        word = next(w for w in found.groups() if w).lower().rstrip(".")
        if word in ("m", "mm", "t", "k") and _PRICE.search(text):  # Unit price (m): per metre, most likely
            continue
        return float(_WORD_SCALES[word]), found.group(0).strip()
    return None


def _units_word(currency: str | None) -> str:
    """What amounts times ``amount_scale`` are, in a Chinese comment: 元, or amounts in USD."""
    if currency == "?":
        return "以货币单位计的金额"
    return "元" if currency is None or currency.upper() in ("RMB", "CNY") else f"以 {currency} 计的金额"


def _factor(value: float) -> str:
    """A factor as YAML reads it back as a number: 1000000, not 1e+06 (a string to YAML 1.1), 0.01."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def amount_scale(header: str | list[str] | None) -> tuple[float, str] | None:
    """The ``data.amount_scale`` a money header asks for (:func:`unit_scale`), with the unit it names (None:
    currency units, or headers of several sheets naming different units)."""
    units = [unit_scale(name) for name in ([header] if isinstance(header, str) else (header or []))]
    return units[0] if units and all(u is not None and u[0] == units[0][0] for u in units) else None


def header_scales(headers: str | list[str] | None) -> dict[str, float] | None:
    """Each money header's factor to currency units when the headers of several sheets name different units
    (金额(元) and 金额（万元）), for ``data.amount_scale``; None when they name one unit (or one header)."""
    if not isinstance(headers, list) or len(headers) < 2:
        return None
    scales = {str(h): (amount_scale(h) or (1.0, ""))[0] for h in headers}
    return scales if len(set(scales.values())) > 1 else None


def guess_currency(header: str | list[str] | None, cells: pd.Series | None) -> str | None:
    """The currency the money header or its cells name (``¥1,234``, ``$12.50``, ``金额(USD)``), or None."""
    names = [header] if isinstance(header, str) else list(header or [])
    named = _currency_of(" ".join(map(str, names)))
    if named or cells is None or not len(cells):
        return named  # the header's word settles it
    sample = cells.dropna().astype(str).head(2_000)
    found = [_currency_of(cell) for cell in sample[~sample.str.fullmatch(r"[-+\d.,\s()]*")].head(200)]
    seen = pd.Series([code for code in found if code], dtype=object).value_counts(sort=False)
    return str(seen.idxmax()) if len(seen) else None  # the currency most cells name (one $ among ¥ is a typo)


#: Headers in Japanese (kana: 得意先コード, 売上日) or Korean (Hangul: 거래처코드): an export of a Japanese or Korean
#: company, whose amounts are in yen or won unless they say otherwise; the ¥ of a Japanese one is a yen.
_SCRIPT_CURRENCIES = (("JPY", re.compile(r"[\u3041-\u30ff\uff66-\uff9f]"), "Japanese", "日文"),
                      ("KRW", re.compile(r"[\uac00-\ud7a3]"), "Korean", "韩文"))


#: Japanese headers in kanji alone: forms Chinese writes otherwise (売 for 卖/賣, 込, 円, 単, 価, 発, 伝, 営, 県, 従)
#: and words it does not use (注文 for 订单, 得意先, 日付, 番号): a Japanese export though no kana is in its headers
#: (顧客ID, 注文日, 売上), its amounts in yen; 顧客 and 金額 alone are Taiwan's as well.
JAPANESE_KANJI = re.compile(r"[売込円単価発伝営県従]|注文|得意先|日付|番号")


def _script_currency(headers: list) -> tuple[str, Note] | None:
    """(JPY or KRW, why) when some of the headers written in CJK scripts (15% or more: Japanese ones are kanji as
    often as not) are Japanese, kana in them, or Korean, in Hangul, or any is in Japanese kanji alone
    (:data:`JAPANESE_KANJI`: 注文日, 売上); else None. Chinese headers have none of these."""
    wide = [str(h) for h in headers if re.search(r"[^\x00-\x7f]", str(h))]
    for code, script, en, zh in _SCRIPT_CURRENCIES:
        said = [h for h in wide if script.search(h)]
        if said and len(said) >= 0.15 * len(wide):  # 得意先コード, 商品コード among 売上日, 金額 ...
            return code, Note(f"the headers are in {en} ({', '.join(said[:2])})",
                              f"表头为{zh}（{'、'.join(said[:2])}）")
    said = [h for h in wide if JAPANESE_KANJI.search(h)]
    if said:
        return "JPY", Note(f"the headers are in Japanese ({', '.join(said[:2])})", f"表头为日文（{'、'.join(said[:2])}）")
    return None


def _names_rmb(header, cells: pd.Series | None) -> bool:
    """Whether the money header or its cells name RMB in words (元, 人民币, RMB, CNY), not by a ¥ alone, which a yen
    writes too."""
    text = " ".join(map(str, [header] if isinstance(header, str) else list(header or [])))
    if cells is not None:
        text += " " + " ".join(cells.dropna().astype(str).head(2_000).str.replace(r"[-+\d.,\s()]", "", regex=True).unique()[:200])
    return bool(re.search(r"(?<![美港日欧歐幣币韩韓])元|RMB|CNY|人民币|人民幣", text, re.IGNORECASE))


#: The time zone a currency's country keeps, where it keeps one (the dollar and the euro name none).
_CURRENCY_ZONES = {"RMB": "Asia/Shanghai", "CNY": "Asia/Shanghai", "JPY": "Asia/Tokyo", "HKD": "Asia/Hong_Kong",
                   "TWD": "Asia/Taipei", "KRW": "Asia/Seoul", "SGD": "Asia/Singapore", "INR": "Asia/Kolkata",
                   "GBP": "Europe/London", "NZD": "Pacific/Auckland", "MOP": "Asia/Macau"}


#: A date-time in UTC (2025-03-05T20:00:00Z, 2025-03-05 20:00:00+00:00), as an API or Stripe writes it.
_UTC_STAMP = r".*\d:\d{2}(?::\d{2}(?:\.\d{1,9})?)?\s*(?:Z|[+-]00(?::?00)?)"


def _time_zone_hint(frame: pd.DataFrame, header, date_format: str | None, currency: str | None,
                    notes: list) -> tuple[str | None, str] | None:
    """(zone, kind) when the order dates are Unix timestamps (``unix``: UTC, as Stripe and most APIs write them) or
    most are date-times written with an offset or Z (``zoned``): read as UTC days, or days as written, unless
    ``data.time_zone`` says the client's zone. The zone the currency's country keeps (RMB: Asia/Shanghai, JPY:
    Asia/Tokyo) is suggested in a note, never set: the drafted line stays commented out. None otherwise."""
    from .clean import MIDNIGHT_ZONED, UNIX, ZONED, date_text
    from .textops import fullmatch

    if not isinstance(header, str) or header not in frame.columns:
        return None
    if date_format == UNIX:
        kind = "unix"
    else:
        cells = frame[header].dropna()
        cells = cells[cells.astype(str).str.strip() != ""].head(2000)
        # in UTC (Z, +00:00): a date-time written with the client's own offset (+08:00) is its local day already
        if cells.empty or pd.api.types.is_numeric_dtype(cells.dtype) or \
                fullmatch(date_text(cells.astype(str)), _UTC_STAMP).mean() < 0.5:
            return None
        text = date_text(cells.astype(str))
        if fullmatch(text, MIDNIGHT_ZONED)[fullmatch(text, ZONED)].all():  # days written 2025-03-05T00:00:00.000Z
            return None  # the run reads them as written, data.time_zone or not
        kind = "zoned"
    zone = _CURRENCY_ZONES.get(str(currency or "").upper())
    said = ("Unix timestamps, read as days in UTC" if kind == "unix" else
            "date-times with an offset or Z, read as the day as written (in UTC for Z)")
    said_zh = "Unix 时间戳，按 UTC 的日期读取" if kind == "unix" else "带时区偏移或 Z 的时间，按所写的日期读取（Z 即 UTC）"
    if zone:
        notes.append(Note(
            f"the order dates are {said}; amounts in {currency} suggest a client in {zone}: an order late in its "
            f"evening falls on the next day in UTC, so uncomment data.time_zone: {zone} to read each as its local day",
            f"订单日期是{said_zh}；金额为 {currency}，客户应在 {zone} 时区：当地晚间的订单在 UTC 下会落到次日，请取消 "
            f"data.time_zone: {zone} 前的注释，按当地日期读取"))
    return zone, kind


def _note_local_twin(frame: pd.DataFrame, headers: list[str], local: str, original: str, notes: list) -> None:
    """Say that the money column drafted is the one in the company's own currency (价税合计(本位币)) rather than its
    twin in each line's currency (价税合计), naming the currencies the 币别 column holds (QA c92)."""
    named = []
    for header in headers:
        if is_currency_header(header):
            values = frame[header].dropna().astype(str).str.strip()
            named = [v for v in values[values != ""].drop_duplicates().head(5)]
            break
    several = len(named) > 1
    code = named_currency(local)  # 金额(RMB) beside 金额: every line in the currency its header names
    notes.append(Note(
        f"amount is drafted as {local!r}, every line in " + (code if code else "the company's own currency")
        + f" (converted at each line's rate), not {original!r}, each line in its own currency"
        + (f" ({', '.join(named)})" if several else "") + ": amounts in one currency add up",
        f"amount 已起草为 {local!r}（每行都已按汇率折为" + (code if code else "本位币") + f"），而不是 {original!r}（每行按其原币记"
        + (f"：{'、'.join(named)}" if several else "") + "）：同一货币的金额才能相加"))


def _currency_column(frame: pd.DataFrame, headers: list[str], notes: list[str]) -> tuple[str | None, str | None]:
    """(currency, header) of a currency column (``Currency``: USD); a note when its rows name several."""
    for header in headers:
        if not is_currency_header(header):
            continue
        values = frame[header].dropna().astype(str).str.strip()
        values = values[values != ""]
        codes = values.map(currency_code).dropna()
        if codes.empty:
            continue
        seen = codes.value_counts()
        if len(seen) > 1:
            named = codes.reindex(values.index)  # a cell naming no currency (N/A, -) is no other currency (review)
            others = values[named.notna() & (named != seen.index[0])].drop_duplicates().head(5).tolist()
            notes.append(Note(f"the column {header!r} names several currencies ({', '.join(seen.index[:5])}): amounts "
                              f"in different currencies cannot be added up, and the run stops on them; grade one "
                              f"currency per case, the others left out with cleaning.exclude: {{{header}: [{', '.join(others)}]}}",
                              f"列 {header!r} 含多种货币（{'、'.join(seen.index[:5])}）：不同货币的金额不能相加，运行会"
                              f"在此停止；请每个案例只分级一种货币，其他货币的行用 cleaning.exclude: {{{header}: [{', '.join(others)}]}} "
                              f"排除"))
        return str(seen.index[0]), header
    return None, None


#: Headers of a column that names each row's country.
COUNTRY_HEADERS = ("country", "country name", "billing country", "shipping country", "国家", "国家/地区", "国别", "país",
                   "pais", "paese", "land")

#: Country names (normalised) -> the currency its sales are most likely in.
_COUNTRY_CURRENCY = {
    **dict.fromkeys(("united kingdom", "uk", "great britain", "gb", "england", "英国"), "GBP"),
    **dict.fromkeys(("united states", "usa", "us", "united states of america", "美国"), "USD"),
    **dict.fromkeys(("germany", "france", "netherlands", "spain", "italy", "belgium", "portugal", "austria", "ireland",
                     "eire", "finland", "greece", "德国", "法国", "荷兰", "西班牙", "意大利"), "EUR"),
    **dict.fromkeys(("china", "中国", "中国大陆", "mainland china", "prc"), "RMB"),
    **dict.fromkeys(("japan", "日本"), "JPY"),
    **dict.fromkeys(("hong kong", "香港", "中国香港"), "HKD"),
    "australia": "AUD", "canada": "CAD", "switzerland": "CHF", "singapore": "SGD", "brazil": "BRL", "brasil": "BRL", "india": "INR",
    # marketplaces' own countries (Shopee, Lazada, Mercado Libre: QA, a Malaysian shop's currency asked)
    "malaysia": "MYR", "indonesia": "IDR", "thailand": "THB", "philippines": "PHP", "vietnam": "VND", "viet nam": "VND",
    "mexico": "MXN", "méxico": "MXN", "argentina": "ARS", "chile": "CLP", "colombia": "COP", "new zealand": "NZD",
    "south korea": "KRW", "korea": "KRW", "taiwan": "TWD", "united arab emirates": "AED", "uae": "AED",
    "saudi arabia": "SAR", "south africa": "ZAR", "sweden": "SEK", "norway": "NOK", "denmark": "DKK", "poland": "PLN",
}


def _currency_of_country(frame: pd.DataFrame, headers: list[str]) -> tuple[str | None, str | None]:
    """(currency, why) when a country column names one country for at least 80% of its rows (a UK shop's log:
    GBP), else (None, None)."""
    for header in headers:
        if _norm(header) not in COUNTRY_HEADERS:
            continue
        values = frame[header].dropna().astype(str).map(_norm)
        values = values[values != ""]
        if values.empty:
            continue
        top = values.value_counts()
        country, share = str(top.index[0]), top.iloc[0] / len(values)
        if share >= 0.8 and country in _COUNTRY_CURRENCY:
            # named as the file writes it (USA, not Usa: QA pub)
            written = frame[header].dropna().astype(str).str.strip()
            shown = written[written.map(_norm) == country].value_counts().index[0]
            return _COUNTRY_CURRENCY[country], Note(f"{share:.0%} of the rows are from {shown} ({header!r})",
                                                    f"{share:.0%} 的行来自 {shown}（{header!r}）")
    for header in headers:  # India's GST numbers (Tally's GSTIN/UIN: 27AABCS1429B1Z5): sales in rupees
        if "gstin" not in _norm(header):
            continue
        values = frame[header].dropna().astype(str).str.strip().str.upper()
        values = values[values != ""]
        if len(values) and values.str.fullmatch(_GSTIN).mean() >= 0.8:
            return "INR", Note(f"the customers' GST numbers ({header!r}) are India's",
                               f"客户的 GST 税号（{header!r}）是印度的")
    for header in headers:  # a state column of US states (NY, CO, CA ...) or Brazil's (SP, RJ, MG ...)
        if _norm(header) not in _STATE_HEADERS:
            continue
        values = frame[header].dropna().astype(str).str.strip().str.upper()
        values = values[values != ""]
        if values.empty:
            continue
        for code, states, country in (("USD", _US_STATES, "US"), ("BRL", _BR_STATES, "Brazilian")):
            share = values.isin(states).mean()
            if share >= 0.8 and share > values.isin(_BR_STATES if code == "USD" else _US_STATES).mean():
                return code, Note(f"{share:.0%} of the rows are from {country} states ({header!r})",
                                  f"{share:.0%} 的行来自{'美国' if code == 'USD' else '巴西'}各州（{header!r}）")
    return None, None


#: An Indian GST identification number: the state's two digits, the PAN (five letters, four digits, a letter), the
#: registration's number, Z, a check character.
_GSTIN = r"\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]"

#: Headers of a column of state codes.
_STATE_HEADERS = ("state", "billing state", "shipping state", "state code", "ship state", "customer state", "uf",
                  "estado", "uf cliente", "uf do cliente")

#: Brazil's states' and federal district's codes (SP, RJ, MG ...).
_BR_STATES = frozenset(("AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA", "PB",
    "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO"))


#: The US states' and DC's postal codes.
_US_STATES = frozenset(("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"))


def _shopify_order_name(frame: pd.DataFrame, headers: list[str], columns: dict) -> dict:
    """Shopify calls the order number ``Name`` (#1001): take it as the order ID when its cells read so."""
    for header in headers:
        if _norm(header) != "name" or header in columns.values():
            continue
        cells = frame[header].dropna().astype(str).str.strip()
        if len(cells) and cells.str.fullmatch(r"#\d+").mean() > 0.9:
            return {**columns, "order_id": header}
    return columns


#: Columns that only describe a customer or a line: one empty on every row of the sample (WooCommerce's Billing
#: Company of shoppers, Square's SKU of items without one) is no better than none, and a header further down the
#: list of names may hold them (QA: customer names and products blank in the report).
_DESCRIPTIVE = ("customer_name", "product", "province", "city", "region", "level", "sales_rep")


def _past_empty_columns(frame: pd.DataFrame, headers: list[str], columns: dict) -> dict:
    """``columns`` with each descriptive column (:data:`_DESCRIPTIVE`) that is empty on every row of the sample
    replaced by the one guessed without it, or left out when there is none."""
    if frame.empty:
        return columns
    empty = [h for k, h in columns.items() if k in _DESCRIPTIVE and isinstance(h, str) and h in frame.columns
             and _blank(frame[h]).all()]
    if not empty:
        return columns
    blank = {h for h in headers if h in frame.columns and _blank(frame[h]).all()}
    again = guess_columns([h for h in headers if h not in blank])
    out = {k: v for k, v in columns.items() if not (k in _DESCRIPTIVE and v in empty)}
    for key in _DESCRIPTIVE:
        if key in columns and columns[key] in empty and key in again and again[key] not in out.values():
            out[key] = again[key]
    return {k: out[k] for k in dict.fromkeys([*columns, *out]) if k in out}


def _one_name_for_all(frame: pd.DataFrame, columns: dict) -> str | None:
    """The one value of the column drafted as the customer's name when it is the same on every written row of a
    sample of ten rows or more, beside a customer ID column of three values or more (Odoo's Company, the seller's
    own, beside Customer; QA: every customer named YourCompany); None otherwise."""
    name, code = columns.get("customer_name"), columns.get("customer_id")
    if not (isinstance(name, str) and isinstance(code, str)) or name == code or not {name, code} <= set(frame.columns):
        return None
    names = frame[name].astype("string").str.strip().replace("", pd.NA).dropna()
    if len(names) < 10 or names.nunique() != 1:
        return None
    codes = frame[code].astype("string").str.strip().replace("", pd.NA).dropna()
    return str(names.iloc[0]) if codes.nunique() >= 3 else None


def one_row_per_customer(frame: pd.DataFrame, header) -> bool:
    """Whether the column ``header`` names a customer on each of at least five rows, none twice: a summary by
    customer (U8's or T+'s 销售统计表), not order lines."""
    if not isinstance(header, str) or header not in frame.columns:
        return False
    ids = frame[header].astype("string").str.strip().replace("", pd.NA).dropna()
    return len(ids) >= 5 and ids.is_unique


def _charge_id_for_empty_order_id(frame: pd.DataFrame, headers: list[str], columns: dict) -> str | None:
    """The header of a payment's own ID (Stripe's ``id``: ch_..., py_..., pi_..., one per row) when the column drafted
    as the order ID is empty on some or every row of the sample (Stripe's Invoice ID of charges billed without an
    invoice, beside subscriptions' charges billed by one: review); None otherwise."""
    order = columns["order_id"]
    if order not in frame.columns or not _blank(frame[order]).any():
        return None
    for header in headers:
        if _norm(str(header)) != "id" or header in columns.values() or header not in frame.columns:
            continue
        cells = frame[header].astype("string").str.strip().dropna()
        if len(cells) and cells.str.fullmatch(r"(ch|py|pi)_\w+").mean() > 0.9 and cells.is_unique:
            return str(header)
    return None


def _cells(frame: pd.DataFrame, header: str | list[str]) -> pd.Series:
    """The cells of a column, or of a column named differently on different sheets (the first name a row has)."""
    if isinstance(header, str):
        return frame[header]
    return frame[[h for h in header if h in frame.columns]].bfill(axis=1).iloc[:, 0]


#: Rows kept per value that a status, type or remark column shows only past the sample, and the values followed
#: per column (:class:`_LaterValues`).
LATER_ROWS_PER_VALUE = 50
LATER_VALUES = 200


def _rule_headers(headers: list[str]) -> list[str]:
    """The columns whose values the cleaning rules are drafted from: status, type, void-flag and remark columns."""
    return [h for h in headers if any(p.search(_norm(str(h))) for p in (_STATUS_HEADER, _TYPE_HEADER,
                                                                         _VOID_FLAG_HEADER, _APPROVAL_HEADER,
                                                                         _STAGE_HEADER))
            or _REMARK_HEADER.search(str(h).strip())]


class _LaterValues:
    """Rows past the sample whose status, type or remark cell holds a value the sample lacks: an export sorted by
    document type ends with its 销售退货 lines, one sorted by date has its first 已取消 orders late (QA: returns and
    cancellations after row 200,000 were counted as sales, 7% too much). Up to :data:`LATER_ROWS_PER_VALUE` rows
    per value, :data:`LATER_VALUES` values per column, with the money and quantity cells their signs are read from;
    the rules are drafted from the sample and these rows together. Cells are compared as Arrow writes them as text,
    trimmed (a Parquet file's true, 3)."""

    def __init__(self, sample: pd.DataFrame, headers: list[str], carried: list[str]):
        self.headers = [h for h in headers if h in sample.columns]
        self.columns = list(dict.fromkeys([*self.headers, *[c for c in carried if c in sample.columns]]))
        self.taken = {h: dict.fromkeys(set(_text_cells(sample[h]).dropna().tolist()), LATER_ROWS_PER_VALUE)
                      for h in self.headers}
        self.rows: list[pd.DataFrame] = []

    def take(self, table) -> None:
        """Look at ``table`` (an Arrow table or record batch of the file's rows) for new values."""
        import pyarrow as pa
        import pyarrow.compute as pc

        names = table.schema.names
        text: dict[str, pa.ChunkedArray] = {}  # each column as trimmed text, made once

        def cells(column: str):
            if column not in text:
                text[column] = pc.utf8_trim_whitespace(table.column(column).cast(pa.string()))
            return text[column]

        wanted: dict[str, list[str]] = {}
        for header in [h for h in self.headers if h in names]:
            taken = self.taken[header]
            room = LATER_VALUES - len(taken)
            if room <= 0 and all(n >= LATER_ROWS_PER_VALUE for n in taken.values()):
                continue  # a free-text remark column, followed as far as it is
            distinct = pc.unique(cells(header)).to_pylist()
            new = [v for v in distinct if v is not None and v not in taken][:max(room, 0)]
            open_ = [v for v in distinct if v is not None and taken.get(v, LATER_ROWS_PER_VALUE) < LATER_ROWS_PER_VALUE]
            if new or open_:
                wanted[header] = new + open_
        if not wanted:
            return
        fresh = None
        for header, values in wanted.items():
            hit = pc.fill_null(pc.is_in(cells(header), value_set=pa.array(values, pa.string())), False)
            fresh = hit if fresh is None else pc.or_(fresh, hit)
        picked = pa.table({c: cells(c) for c in self.columns if c in names}).filter(fresh).to_pandas()
        for header in wanted:
            cells = picked[header]
            left = LATER_ROWS_PER_VALUE - cells.map(self.taken[header]).fillna(0).to_numpy(dtype=float)
            keep = picked.groupby(cells.to_numpy(), sort=False).cumcount().to_numpy() < left
            kept = picked.loc[keep & cells.isin(wanted[header]).to_numpy()]
            if len(kept):
                self.rows.append(kept)
                for value, n in kept[header].value_counts().items():
                    self.taken[header][value] = self.taken[header].get(value, 0) + int(n)

    def take_rows(self, rows: pd.DataFrame) -> None:
        """Look at ``rows`` (a workbook's rows past the sample, another file's sample) for new values."""
        if not self.headers:
            return
        import pyarrow as pa

        self.take(pa.table({c: pa.array(_text_cells(rows[c]), pa.string()) for c in self.columns if c in rows}))

    def frame(self, sample: pd.DataFrame) -> pd.DataFrame:
        """``sample`` with the rows found past it."""
        return pd.concat([sample, *self.rows], ignore_index=True) if self.rows else sample


def _text_cells(values: pd.Series) -> pd.Series:
    """Cells as Arrow writes them as text, trimmed (as :class:`_LaterValues` compares them); pandas' text where
    Arrow cannot take the column (a workbook's column of mixed cells)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        array = pa.array(values, from_pandas=True).cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return values.astype("string").str.strip()
    return pd.Series(pc.utf8_trim_whitespace(array).to_pandas(), index=values.index)


def _all_dates(path: Path, header, encoding: str | None, *, cells: pd.Series,
               later: _LaterValues | None = None) -> pd.Series:
    """The distinct cells of the date column ``header`` over the whole file (workbooks: ``cells``, read whole);
    ``later`` looks at every row on the way (:class:`_LaterValues`)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        import pyarrow.compute as pc

        from .io import csv_batches

        seen: set[str] = set()
        for batch in csv_batches(path, encoding=encoding, expected=_ALL_NAMES):  # read to the end, as a run does
            seen.update(pc.unique(batch.column(header)).to_pylist())
            if later is not None:
                later.take(batch)
        return pd.Series(sorted(seen), dtype=object)
    if suffix == ".parquet":
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        if later is not None and later.headers:
            parquet = pq.ParquetFile(path)
            for batch in parquet.iter_batches(columns=[c for c in later.columns if c in parquet.schema_arrow.names]):
                later.take(batch)
        return pd.Series(pc.unique(pq.read_table(path, columns=[header]).column(0)).to_pandas())
    return cells.drop_duplicates().reset_index(drop=True)  # a workbook, read whole: its distinct cells


def _months_line(d: Draft, as_of: dt.date | None) -> str:
    """``period.months``: 12, or the months the data covers when one file's orders start later (a new client's half
    year, a quarter's export), so that repurchase rate and active months are not counted over months without data."""
    zh = d.language == "zh"
    covered = None
    # the first day is the whole file's however large, and every file's of a file per month (every date is read
    # for the window's end): three monthly files matched by 2019-*.csv are three months, not twelve (open item)
    if d.first is not None and as_of is not None and not d.ambiguous:
        from .params import Period

        _, end = Period(as_of=as_of, months=1).window()  # the window's last month (a month not whole left out)
        covered = (end.year - d.first.year) * 12 + end.month - d.first.month + 1
    if covered is not None and 1 <= covered < 12 and d.more:
        n = len(d.more) + 1
        return (f"  months: {covered}          # " + (
            f"{n} 个文件的订单从 {d.first} 开始，只覆盖分级期间的 {covered} 个月；新增文件凑满一年时改为 12" if zh else
            f"the orders of the {n} files start on {d.first}, so they cover {covered} months of the window; 12 once "
            f"the files added hold a year"))
    if covered is not None and 1 <= covered < 12:
        return (f"  months: {covered}          # " + (f"数据从 {d.first} 开始，只覆盖分级期间的 {covered} 个月；有一年的数据时改为 12"
                                                   if zh else f"the data starts on {d.first}, so it covers "
                                                   f"{covered} months of the window; 12 once it holds a year"))
    return "  months: 12         # " + ("截至 as_of 的 12 个完整自然月" if zh else "the 12 whole calendar months ending at as_of")


def _as_of_line(d: Draft, as_of: dt.date, seen: str) -> str:
    """``period.as_of`` with why; with dates that read both ways, the end of the window each way gives."""
    zh = d.language == "zh"
    if d.day_numbers is not None:  # no calendar day until data.day_one is given: an example of one
        _, _, last = d.day_numbers
        example = dt.date(2020, 1, 1) + dt.timedelta(days=last - 1)
        return f"  as_of: {_q('?')}   # " + (
            f"最后一天是第 {last} 天：day_one 为 2020-01-01 时即 {example}；请填写分级期间的最后一天" if zh else
            f"the last day is day {last}: {example} with day_one 2020-01-01; put the last day of the window")
    if not d.ambiguous:
        zone = d.time_zone_hint[0] if d.time_zone_hint else None  # the days as read in the zone suggested
        return f"  as_of: {as_of.isoformat()}   # {seen}" + (
            (f"（日期按 {zone} 的当地日期计，即上方建议的 data.time_zone）" if zh else
             f" (days as in {zone}, the data.time_zone suggested above)") if zone else "")
    ends = {form: _window_end(latest, False, d.monthly, first, lang=d.language, year=d.named_year)
            for form, first, latest in d.either}
    if len({end for end, _ in ends.values()}) == 1:
        end, why = next(iter(ends.values()))
        return f"  as_of: {end.isoformat()}   # " + (f"日期无论按哪种顺序读，{why}" if zh else
                                                     f"either way the dates read, {why}")
    if ends:
        return f"  as_of: {_q('?')}   # " + ("；" if zh else "; ").join(
            (f"按 {form}：{end.isoformat()}（{why}）" if zh else f"with {form}: {end.isoformat()} ({why})")
            for form, (end, why) in ends.items())
    return f"  as_of: {_q('?')}   # " + ("读不出任何订单日期：请填写分级期间的最后一天" if zh else
                                      "no order date could be read: put the last day of the window")


def _rfm_line(d: Draft) -> str:
    """``rfm: {}``, or that line commented out when too few customers would be graded."""
    plain = "  rfm: {}             # " + ("最近一次采购、频次、金额的评分与客户细分" if d.language == "zh" else
                                       "recency, frequency, monetary scores and segments")
    if "customer_id" not in d.columns:  # not recognised: the customers are not known
        return plain
    zh = d.language == "zh"
    if d.customers < 5:
        return "  # rfm: {}           # " + (f"至少需要 5 个客户；文件中只有 {d.customers} 个" if zh else
                                            f"needs at least 5 customers; the file has {d.customers}")
    if d.window_customers is not None and d.window_customers < 5:
        return "  # rfm: {}           # " + (
            f"分级期间内至少需要 5 个客户；期间内只有 {d.window_customers} 个（加大 period.months 可纳入更多）" if zh else
            f"needs at least 5 customers in the window; it holds {d.window_customers} "
            f"(widen period.months to take more)")
    few = d.window_customers if d.window_customers is not None else d.customers
    if few < RFM_MIN_CUSTOMERS:  # QA: 10 distributors, all active, three of them RFM's 沉默客户
        return "  # rfm: {}           # " + (
            f"RFM 按客户排名分五档，{few} 个客户每档只有约 {max(1, round(few / 5))} 个，细分（如“沉默客户”）意义不大；"
            f"客户多时再启用" if zh else
            f"RFM scores customers by rank in fifths: {few} customers make about {max(1, round(few / 5))} a fifth, too "
            f"few for its segments (Lost, At risk) to mean much; take it in with more customers")
    return plain


#: Fewer customers than this in the window: kit init leaves RFM commented out (its fifths would be a few each).
RFM_MIN_CUSTOMERS = 30


def _sheets_with_date_parts(frames: list[pd.DataFrame], guesses: list[dict]) -> tuple[list[pd.DataFrame], list[dict]]:
    """The sheets of a date written over several columns (年 | 月 | 日, no whole date found) with their day's column
    read whole (:func:`kit.io.with_date_parts`), and the guesses naming it the date, so that each sheet's days take
    its name's year as a run's do (2024年, 2025年: was the year of today, a draft window past every order)."""
    from .io import with_date_parts

    out, dated = [], []
    for frame, guess in zip(frames, guesses):
        parts = date_parts_of([str(c) for c in frame.columns]) if "order_date" not in guess else None
        if parts is not None and parts[0] in frame.columns and _days_of_month(frame[parts[0]]):
            frame, guess = with_date_parts(frame, *parts), {**guess, "order_date": parts[0]}
        out.append(frame)
        dated.append(guess)
    return out, dated


def _sheet_dates_with_years(frames: list[pd.DataFrame], guesses: list[dict], sheets: list[str],
                            path: Path) -> tuple[list[pd.DataFrame], tuple[int, str] | None]:
    """The sheets' tables with their days written without a year given one as a run reads them: each sheet of a
    ledger kept across a year end (10月 ... 12月, 1月 ... 3月, or the newest first) its own
    (:func:`kit.wide.rolled_years`), the others their sheet's or file's (:func:`_dates_with_year`). With the first
    sheet's year to draft as ``data.year`` when no file name gives it, and where it comes from: the title above the
    table, or a guess (the newest sheet's month the latest one past)."""
    from .clean import with_year
    from .wide import (
        bare_months,
        first_sheet_year,
        month_order,
        name_month,
        rolled_years,
        year_ends,
    )

    drafted = None
    wraps = year_ends(sheets)
    first = first_sheet_year(sheets, path.stem) if wraps else None
    if wraps and first is None:
        title = [c for c in _title_cells(path, sheets[0]) if not re.search(r"制表|打印|导出|日期|时间", c)]
        first = first_sheet_year(sheets, *title)
        if first is not None:
            drafted = (first, "title")
        else:
            forward = month_order(sheets) > 0
            latest = _latest_year_of(bare_months(sheets)[-1 if forward else 0])  # the newest sheet's
            first = latest - wraps if forward else latest
            drafted = (first, "guess")
    years = rolled_years(sheets, first)
    out = []
    for frame, guess, sheet in zip(frames, guesses, sheets):
        column = guess.get("order_date")
        if sheet in years and column in frame:
            frame = frame.assign(**{column: with_year(frame[column], years[sheet], month=name_month(sheet))})
        else:
            frame = _dates_with_year(frame, column, sheet, path)
        out.append(frame)
    return out, drafted


def _dates_with_year(frame: pd.DataFrame, column: str | None, sheet: str, path: Path) -> pd.DataFrame:
    """``frame`` with its days written without a year (3月5日) given the year of the sheet's, else the file's
    name, as a run reads them (:func:`kit.clean.with_year`)."""
    from .clean import with_year
    from .wide import name_month, name_year

    year = name_year(str(sheet or ""), path.stem)
    if column is None or column not in frame or year is None:
        return frame
    return frame.assign(**{column: with_year(frame[column], year, month=name_month(str(sheet or ""), path.stem))})


#: A header naming a code rather than a name (客户编码, Customer ID, Kunden-Nr)
CODE_HEADER = re.compile(r"编码|代码|编号|[号號]|(?i:\bid\b|_id\b|code|\bno\b|number|\bnr\b|nummer|numéro)")


def _names(header: str | list[str]) -> list[str]:
    return [header] if isinstance(header, str) else list(header)


def _files_pattern(paths: list[Path], params_path: Path, zh: bool = False) -> str:
    """Several exports for the params file: a pattern when one matches exactly them (``"data/orders_2025-*.csv"``,
    so the next month's file is read too, with a comment saying so), else a list."""
    import glob

    names = [p.name for p in paths]
    folder = {p.resolve().parent for p in paths}
    if len(folder) == 1:
        prefix = whole_words(os.path.commonprefix(names))
        suffix = Path(names[0]).suffix if len({Path(n).suffix for n in names}) == 1 else ""
        # a shared beginning of two characters at least: jan.csv and feb.csv share none, and *.csv would read any
        # CSV later put in the folder
        if len(prefix.strip(" _-.")) >= 2 and len(prefix) + len(suffix) < min(map(len, names)) \
                and not glob.has_magic(prefix + suffix):
            pattern = paths[0].resolve().parent / f"{prefix}*{suffix}"
            matched = sorted(Path(m).resolve() for m in glob.glob(str(pattern)))
            if matched == sorted(p.resolve() for p in paths):
                return f"{_q(_relative(pattern, params_path))}    # " + (
                    f"按名称匹配的每个文件：现有的 {len(paths)} 个，以及以后加入的" if zh else
                    f"every file the pattern matches, by name: the {len(paths)} read now and any added later")
    return "[" + ", ".join(_q(_relative(p, params_path)) for p in paths) + "]"


def export_stem(files: list[Path]) -> str:
    """A name for several exports of the same orders: what their names share (orders_2025-01, orders_2025-02:
    orders_2025), else the first one's."""
    if len(files) == 1:
        return files[0].stem
    shared = whole_words(os.path.commonprefix([f.stem for f in files])).rstrip(" _-.")
    return shared if len(shared) >= 2 else files[0].stem


def whole_words(prefix: str) -> str:
    """A shared beginning of names cut back to its last separator, so that it ends between words or numbers
    (orders_2025-0 of orders_2025-01 ... orders_2025-09 is orders_2025-, and the tenth month shares it too)."""
    cut = max((m.end() for m in re.finditer(r"[ _\-.]", prefix)), default=0)
    return prefix[:cut] if cut else prefix


def _relative(path: Path, params_path: Path) -> str:
    """A data file's path for the params file: inside the project relative, so the folder can move; elsewhere
    where it is."""
    relative = Path(os.path.relpath(path.resolve(), params_path.resolve().parent))
    return relative.as_posix() if relative.parts[:2] != ("..", "..") else path.resolve().as_posix()


#: A customer column whose header names people, not companies: a Chinese report counts them with 位, not 家.
_PEOPLE = re.compile(r"会员|买家|网名|顾客|消费者|用户|粉丝|学员|患者|病人|个人|member|buyer|shopper|consumer|patient|user",
                     re.IGNORECASE)


#: Lifecycle days for dates that are months alone (each read as its 1st) and a window ending on a month's last day:
#: a purchase in the window's last three months is 91 days back at most, one in the fourth month back 119 days at
#: least; in the sixth month back 183 days at most, in the seventh 211 days at least (QA cn2: a flow's hospital
#: buying in April, graded at 30 June, was 90 days back and lapsing under the default 90 days).
MONTHLY_LIFECYCLE = {"new_days": 92, "at_risk_days": 92, "churn_days": 184}


def _lifecycle_line(d: Draft, zh: bool) -> str:
    """The draft's ``grading.lifecycle`` line: the default days, or whole months when the dates are months alone."""
    if not d.monthly:
        return "  lifecycle: {}       # " + ("新客户、活跃、有流失风险、已流失" if zh else "Newcomer, Active, Lapsing, Churned")
    days = ", ".join(f"{k}: {v}" for k, v in MONTHLY_LIFECYCLE.items())
    return f"  lifecycle: {{{days}}}   # " + (
        "日期只到月份（按每月 1 日读取），天数按整月取：最近 3 个月内有采购为活跃、首次采购在这 3 个月内为新客户，"
        "最后一次采购在 4–6 个月前为有流失风险，更早为已流失（默认的 90 / 180 天会把期末前第 3 个月的采购算作 90 天前，列为有流失风险）"
        if zh else
        "the dates are months alone (each read as its 1st), so the days are whole months: a purchase in the last 3 "
        "months is active, a first purchase in them new, a last purchase 4 to 6 months back lapsing, earlier churned "
        "(the default 90 / 180 days would put a purchase in the third month back at 90 days, lapsing)")


def _counter_line(d: Draft) -> str:
    """``customer_counter``, drafted 位 when the customer's header names people (会员编号, 买家昵称)."""
    headers = [h for key in ("customer_id", "customer_name")
               for h in (d.columns.get(key) if isinstance(d.columns.get(key), list) else [d.columns.get(key)]) if h]
    people = next((h for h in headers if _PEOPLE.search(_norm(str(h)))), None)  # 顧客 as 顾客
    if people is None and "customer_id" in d.missing:  # a shop's export without a buyer ID: its buyers are people
        people = next((h for h in d.unused if isinstance(h, str) and (_NICKNAME.fullmatch(_norm(h))
                                                                      or _RECIPIENT.fullmatch(_norm(h)))), None)
    if people:
        return f"customer_counter: 位   # 客户是个人（{people!r} 列）：报告以“位”计数；企业、医院用“家”"
    return "customer_counter: 家   # 报告中客户的量词：企业、医院用“家”；客户是个人消费者时改为“位”"


def _days_of_month(cells: pd.Series) -> bool:
    """Whether most written cells of a column headed 日 (Day) are days of the month (5, 5日), not whole dates."""
    from .io import DATE_PART_PATTERNS

    text = cells.astype("string").str.strip().str.replace(r"\.0+$", "", regex=True)
    text = text[text.fillna("").ne("")]
    return bool(len(text)) and text.str.fullmatch(DATE_PART_PATTERNS["day"]).fillna(False).mean() >= 0.5


def _optional_exclude(found: dict, values_by_header: dict | None, *, charges: bool, zh: bool, replace: str,
                      said: str) -> list[str]:
    """The commented ``cleaning.exclude`` line of a choice for the consultant (gifts, walk-in sales: ``found``, a
    header and its values): when that column's list is live above, the two lists joined in one line to replace
    it with (``replace`` naming the header), as a second key of the same header would replace the first (review,
    QA: Tally's Particulars); else its own line (``said``, :func:`_commented_exclude`)."""
    header, values = next(iter(found.items()))
    if header in (values_by_header or {}):
        both = [*values_by_header[header], *(v for v in values if v not in values_by_header[header])]
        return ["    # " + replace.format(header), f"    # {_q(header)}: [{', '.join(_q(v) for v in both)}]"]
    listed = f"{_q(header)}: [{', '.join(_q(v) for v in values)}]"
    return _commented_exclude(said, listed, live=bool(values_by_header), charges=charges, zh=zh)


def _commented_exclude(said: str, listed: str, *, live: bool, charges: bool, zh: bool) -> list[str]:
    """Lines of the draft offering ``listed`` (``header: [values]``) for ``cleaning.exclude``, commented out, with
    ``said`` (a ``{}`` for which line to uncomment) above: under the live exclude, under the commented exclude of the
    charges, or as an exclude of its own."""
    if live:
        return ["    # " + said.format("下一行" if zh else "the next line"), f"    # {listed}"]
    if charges:
        return ["  # " + said.format("下一行" if zh else "the next line"), f"  #   {listed}"]
    return ["  # exclude:           # " + said.format("这两行" if zh else "each of these two lines"), f"  #   {listed}"]



def _params_text(d: Draft, path: Path, params_path: Path, *, sheet, encoding) -> str:
    zh = d.language == "zh"
    data_path = _relative(path, params_path)
    files = _files_pattern([path, *d.more], params_path, zh) if d.more else None
    stem = export_stem([path, *d.more])
    as_of, seen = _window_end(d.as_of, ambiguous=d.ambiguous, monthly=d.monthly, first=d.first, lang=d.language,
                              year=d.named_year)
    if d.thin is not None:
        as_of, seen = d.thin, (f"{d.thin + dt.timedelta(days=1):%Y-%m} 几乎没有订单（见上方注意）：分级期间截至上个月" if zh
                               else f"{d.thin + dt.timedelta(days=1):%Y-%m} holds almost no orders (see the notes): "
                                    f"the window ends with the month before")
    lines = [
        (f"# 由 `kit init` 根据 {path.name} 生成的参数文件：逐行核对后运行" if zh else
         f"# Params drafted by `kit init` from {path.name}: check every line, then run"),
        f"#   kit run {shlex.quote(params_path.as_posix())}",
        f"case: {_q(_slug(stem))}   # " + ("名称用于报告文件夹；下一期换用新的导出时保留此名称，新运行才会与上次运行比较" if zh else
                                           "names the run folder; keep it when a later export replaces this one, so "
                                           "that the new run is compared with the last"),
        f"title: {_q('客户分级报告' if zh else 'Customer grading report')}",
        f"client: {_q(stem)}   # " + ("报告封面上的客户名称：改为客户的正式名称" if zh
                                           else "the client's name on the report's cover: put it here"),
        f"language: {d.language}",
        (f"currency: {d.currency}   # " + (f"按 {d.currency_from!r} 列" if zh else f"as the {d.currency_from!r} column says")
         if d.currency and d.currency_from else
         f"currency: {d.currency}   # " + (f"推测：{told(d.currency_why, 'zh')}；请核对" if zh else f"guessed: {d.currency_why}; check it")
         if d.currency and d.currency_why else
         f"currency: {d.currency}   # " + ("按金额列的写法" if zh else "as the money column shows it") if d.currency else
         "currency: RMB   # 文件未注明币种，按人民币；美元填 USD，欧元填 EUR ……" if not d.currency_open else
         f"currency: {_q('?')}   # 表头是繁体字，文件未注明币种：新台币填 TWD，港币填 HKD，日元填 JPY，"
         f"人民币填 RMB（报告按其符号书写金额）"
         if zh else
         f"currency: {_q('?')}   # headers in traditional characters, and the export does not say: put TWD (Taiwan), "
         f"HKD (Hong Kong), JPY (Japan) or RMB (the report's money symbol)" if d.traditional else
         f"currency: {_q('?')}   # the export does not say: put USD, EUR, GBP, RMB ... (the report's money symbol)"),
        *([_counter_line(d)] if zh else []),
        "",
        "data:",
        f"  path: {_q(data_path)}" + (("    # 相对于本文件" if zh else "    # relative to this file")
                                      if not data_path.startswith("/") else "")
        if files is None else f"  path: {files}",
    ]
    if d.olist:  # the note, on the file too: the customer or the money is in another of the data set's files
        said, command = told(_OLIST_NOTES[d.olist], d.language).split("   ", 1)
        lines += [f"  # {said}", f"  #   {command.strip()}"]
    if sheet == "all":
        lines.append("  sheet: all    # " + ("表头含下列各列的每个工作表（如每月或每年一张表）" if zh else
                                        "every sheet whose header row holds the columns below (a sheet per month or "
                                        "year)"))
        if d.sheet_people:
            lines.append("  sheet_as: sales_rep    # " + ("每人一张表：各表名即其订单行的业务员" if zh else
                                                     "a sheet per person: each sheet's name is its lines' sales rep"))
    elif sheet not in (0, None):
        lines.append(f"  sheet: {_q(sheet) if isinstance(sheet, str) else sheet}")
    if encoding:
        lines.append(f"  encoding: {_q(encoding)}")
    if d.quoted_lines:
        file, row, start, many = d.quoted_lines
        lines.append(f"  quoted_line_breaks: {_q('?')}    # " + (
            f"{file}第 {row:,} 行的单元格 {start} 以引号跨过 {many:,} 行与文件各行格式相同的内容：是跨行的备注填 keep；引号误加则填 "
            f"stop（并在文本编辑器中补上或删去该引号：其间的行是订单）" if zh else
            f"{file}row {row:,}'s cell {start} is quoted over {many:,} {'line' if many == 1 else 'lines'} in the "
            f"file's own shape: keep if it is a remark quoted over lines; stop if the quote was opened by mistake "
            f"(close it in a text editor: the rows between are orders)"))
    if d.joins:
        lines.append("  join:             # " + ("订单行按关键列从这些文件取得各列（每个关键值一行）" if zh else
                                          "files whose columns each order line takes by a key column (one row per key)"))
        for other, key in d.joins:
            lines += [f"    - path: {_q(_relative(other, params_path))}", f"      key: {_q(key)}"]
    if d.date_parts is not None:
        _, month, year = d.date_parts
        lines.append(f"  date_parts: {{month: {_q(month)}" + (f", year: {_q(year)}" if year else "") + "}    # " + (
            "订单日期分写在几列中：order_date 是日，这里是月和年" if zh else
            "the order date is written over several columns: order_date is the day, these the month and year"))
    if d.day_numbers is not None:
        header, low, high = d.day_numbers
        lines.append("  date_format: day_number    # " + (
            f"{header} 是从 1 起数的天数（{low} 到 {high}），不是日期：第 n 天即 day_one 加 n - 1 天" if zh else
            f"{header} counts days from 1 ({low} to {high}), not dates: day n is day_one plus n - 1 days"))
        lines.append(f"  day_one: {_q('?')}    # " + (
            "第 1 天的日期：数据集没有给出日历日期，可任选一天，如某年的第一天 2020-01-01" if zh else
            "the calendar day of day 1: the dataset gives no calendar date, so any day can be chosen, such as the "
            "first day of a year (2020-01-01)"))
    elif d.date_format == "roc":
        lines.append("  date_format: roc    # " + (
            "民國纪年的日期（114/03/05 即 2025-03-05：年份加 1911），从文件中读出" if zh else
            "dates in Taiwan's ROC (民國) calendar (114/03/05 is 2025-03-05: the year plus 1911), read from the file"))
    elif d.date_format == "unix":
        lines.append("  date_format: unix    # " + (
            "Unix 时间戳（自 1970 年起的秒数或毫秒数，从文件中读出），按 UTC 的日期读取：UTC 午夜前后的订单可能落在当地的前一天或后一天"
            if zh else
            "Unix timestamps (seconds or milliseconds since 1970, read from the file), read as days in UTC: an order "
            "near midnight UTC may fall on the day before or after its local day"))
    elif d.date_format:
        year_first = d.date_format.startswith("%y")  # 24.3.25: 2024-03-25
        lines.append(f"  date_format: {_q(d.date_format)}    # " + (
            ("年份在前（24.3.25 即 2024-03-25），从文件中读出" if zh else
             "year first (24.3.25 is 2024-03-25), read from the file") if year_first else
            ("从文件中读出的日、月顺序" if zh else "day/month order read from the file")))
    elif d.year_month:
        lines.append(f"  date_format: {_q('?')}    # " + (
            f"{d.year_month} 是 1 月还是 10 月？月份写成两位（2025.01 至 2025.12，{d.year_month} 为 10 月）填 "
            f"{_q(YEAR_MONTH_TWO)}，按输入的一位月份（{d.year_month} 为 1 月）填 {_q(YEAR_MONTH_AS_TYPED)}" if zh else
            f"{d.year_month} January or October? put {_q(YEAR_MONTH_TWO)} if months are written in two figures "
            f"(2025.01 to 2025.12, {d.year_month} October) or {_q(YEAR_MONTH_AS_TYPED)} if as typed "
            f"({d.year_month} January)"))
    elif d.ambiguous and d.date_choices:
        day_first, month_first = d.date_choices
        lines.append(f"  date_format: {_q('?')}    # " + (
            f"日在前还是月在前？（{d.date_example}）：日在前填 {_q(day_first)}，月在前填 {_q(month_first)}" if zh else
            f"day or month first? ({d.date_example}): put {_q(day_first)} (day first) or {_q(month_first)} (month first)"))
    if d.time_zone_hint:  # commented out: the zone is the client's, which the file does not say
        zone, kind = d.time_zone_hint
        what = (("Unix 时间戳" if kind == "unix" else "带时区偏移或 Z 的时间") if zh else
                ("the Unix timestamps" if kind == "unix" else "the date-times written with an offset or Z"))
        lines.append(f"  # time_zone: {zone or 'America/New_York'}    # " + (
            (f"{what}按 UTC（或所写）的日期读取；取消注释即按此时区（IANA 名称）的当地日期读取"
             + ("：金额的币种表明客户在此时区" if zone else "：请填客户所在的时区，如 America/New_York、Europe/Berlin"))
            if zh else
            (f"{what} are read as days in UTC (or as written), as Stripe and most systems export them; uncomment to "
             f"read each as its local day in this IANA zone" + (": the currency suggests the client's" if zone else
                                                                ": put the client's, such as America/New_York"))))
    if d.decimal == ",":
        lines.append("  decimal: \",\"    # " + (
            f"金额如 {d.decimal_example!r}：点分隔千位（欧元、雷亚尔的写法），即 4.500 为 4500；如点是小数点，填 \".\"" if zh else
            f"amounts such as {d.decimal_example!r}: the dot groups thousands (as euro and real amounts are written), "
            f"4.500 is 4,500; if it is a decimal point, put \".\""))
    money = d.columns.get("amount") or d.columns.get("unit_price")
    unit = amount_scale(money)
    per_header = d.header_units or header_scales(money)
    if not unit and not per_header and not d.title_unit and d.minor_units:
        lines.append("  amount_scale: 0.01    # " + (
            "金额以币种的最小单位（分）记，如 Stripe：19800 即 198.00；如金额本就以元计，删去此行" if zh else
            "amounts in the currency's smallest unit (cents), as Stripe writes them: 19800 is 198.00; take this line "
            "off if they are whole currency units"))
    if not unit and not per_header and not d.title_unit and d.scaled_amounts:
        factor, cell = d.scaled_amounts
        lines.append(f"  amount_scale: {factor}    # " + (
            f"金额如 {cell}，小数位比货币多且大多不足 1（换算过的价格，如 H&M 公开数据）：乘以此数，逐行取整到分时不丢有效数字；"
            f"报告中的金额即为换算后的数；如它们确是货币金额，删去此行" if zh else
            f"amounts such as {cell}, written to more decimals than money has and most under 1 (scaled prices, as "
            f"H&M's): times this, rounding each line to the cent loses none of their digits; the report shows them so "
            f"scaled; take this line off if they are amounts of money"))
    if not unit and not per_header and d.title_unit:
        lines.append(f"  amount_scale: {_factor(d.title_unit[0])}    # " + (
            f"{'表格下方的注释' if d.unit_below else '表头上方的标题'}注明“{d.title_unit[1]}”，金额乘以此数即为"
            f"{_units_word(d.currency)}" if zh else
            f"{'a note below the table' if d.unit_below else 'the title above the header'} says {d.title_unit[1]}: "
            f"amounts times this are currency units"))
    if per_header:
        lines.append("  amount_scale:    # " + (f"各工作表的金额单位不同（表头或表格上方标题所注）：每个表头的金额乘以此数即为{_units_word(d.currency)}"
                                            if zh else "the sheets write amounts in different units (as their headers "
                                            "or the titles above their tables say): each header's amounts times this "
                                            "are currency units"))
        lines.extend(f"    {_q(header)}: {_factor(scale)}" for header, scale in per_header.items())
    elif unit:
        lines.append(f"  amount_scale: {_factor(unit[0])}    # " + (f"表头注明 {unit[1]}：金额乘以此数即为{_units_word(d.currency)}" if zh else
                                                         f"the header says {unit[1]}: amounts times this are "
                                                         f"currency units"))
    if d.positional:
        lines.append("  # " + ("文件没有表头行：各列按位置命名（column_1 为第一列），下面的对应关系是根据单元格内容猜的，请核对" if zh else
                              "the file has no header row: its columns go by position (column_1 is the first), and "
                              "the ones below were guessed from their cells: check them"))
    if d.wide_year == HEADERS_NAME_YEAR:
        lines.append("  wide: {}           # " + ("每月一列，列名含年份：有金额的月份单元格即该月的采购" if zh else
                                          "a column per month, each naming its year: each month cell with an amount "
                                          "is that month's purchase"))
    elif d.wide_year == SHEET_NAME_YEAR:
        lines.append("  wide: {}           # " + ("每月一列：月份列的年份取自工作表名（每年一张表，各按表名的年份）" if zh else
                                          "a column per month: the months' year is the sheet's name's (a sheet per "
                                          "year, each in the year its name gives)"))
    elif d.wide_year is not None:
        lines.append("  wide:              # " + ("每月一列：有金额的月份单元格即该月的采购" if zh else
                                          "a column per month: each month cell with an amount is that month's purchase"))
        if d.wide_year == "?":
            why = "月份列所属的年份：请填在这里" if zh else "the year of the month columns: put it here"
        else:
            why = "未注明年份的月份列所属的年份" if zh else "the year of month columns that do not name one"
        lines.append(f"    year: {_q(d.wide_year) if d.wide_year == '?' else d.wide_year}    # {why}")
    if d.given_year and d.rolled_from:
        lines.append(f"  year: {d.given_year}    # " + (
            ("日期没有写年份（如 10月3日）：这是第一张月份工作表的年份，" +
             ("取自表格上方的标题" if d.rolled_from == "title" else "为推测，请核对") +
             "；工作表跨年，其余各表按在工作簿中的顺序逐年推算（如 12月 之后的 1月 为次年）")
            if zh else
            ("the dates do not name their year (3/5): this is the first month sheet's year, " +
             ("from the title above the table" if d.rolled_from == "title" else "a guess, check it") +
             "; the sheets cross a year end, and the others take theirs by their order in the workbook (a 1月 "
             "after 12月 is of the next year)")))
    elif d.given_year and d.given_from:
        lines.append(f"  year: {d.given_year}    # " + (
            ("有的日期没有写年份（如 3/5、10月3日），工作表名和文件名也没有：" +
             ("取自表格上方的标题，请核对" if d.given_from == "title" else
              "取自其余日期所写的年份" + (f"（表格上方的标题写的是 {d.other_title_year} 年）" if d.other_title_year else "")
              + "，请核对"))
            if zh else
            ("some dates do not name their year (3/5), nor do the sheet's or file's names: " +
             ("from the title above the table, check it" if d.given_from == "title" else
              "the year the other dates write" + (f" (the title above the table names {d.other_title_year})"
                                                  if d.other_title_year else "") + ", check it"))))
    elif d.given_year:
        lines.append(f"  year: {d.given_year}    # " + (
            "日期没有写年份（如 10月3日），工作表名和文件名也没有：推测为这一年，请核对" if zh else
            "the dates do not name their year (3/5), nor do the sheet's or file's names: this one is a guess, check it"))
    if d.customer_headings:
        lines.append("  customer_headings: true    # " + (
            f"没有客户列，客户写在每段订单上方的单独一行（如“客户：{d.customer_headings}”）：各订单行取其上方标题行的客户"
            if zh else f"no customer column, each customer named on a row above its orders (such as "
                       f"{d.customer_headings}): each order line takes the customer of the heading row above it"))
    if d.fill_down:
        said = {"customer_id": ("客户", "customer"), "order_id": ("单据编号", "document number"),
                "order_date": ("日期", "date")}
        what = ("、".join(said[k][0] for k in d.fill_down if k in said) if zh else
                " and ".join(said[k][1] for k in d.fill_down if k in said))
        lines.append(f"  fill_down: [{', '.join(d.fill_down)}]    # " + (
            f"{what}只写在每段订单的第一行：其下的空单元格取上方的值（遇空行、小计、合计即止）" if zh else
            f"the {what} {'are' if ' and ' in what else 'is'} written on the first row of its orders: the empty cells "
            f"below take it (up to an empty row or a subtotal line)"))
    if d.discount_percent:
        rate = d.columns.get("discount_rate")
        lines.append("  discount_percent: true    # " + (
            f"{rate} 是整数百分比：15 即减 15%（各单元格都在 0 到 100 之间）" if zh else
            f"{rate}'s cells are whole percentages: 15 is 15% off (every cell is from 0 to 100)"))
    lines.append("  columns:           # " + ("标准列名: 文件中的表头" if zh else "canonical name: header in the file"))
    for key, header in d.columns.items():
        if d.wide_year is not None and key in ("order_date", "amount"):
            continue  # the month columns give them
        listed = _q(header) if isinstance(header, str) else f"[{', '.join(_q(h) for h in header)}]"
        if key == "customer_id" and header == d.columns.get("customer_name"):
            lines.append(f"    {key}: {listed}    # " + (
                "没有客户编码列：以客户名称为编码，同一客户的名称写法须一致（写法不同即算两个客户）" if zh else
                "no customer code column: the name is the ID, so one customer's name must be written one way"))
        elif key == "quantity" and d.quantity_said:
            money, median = d.quantity_said
            lines.append(f"    {key}: {listed}    # " + (
                f"表头是 amount，但全是较小的整数（中位数 {median:g}）：是件数；金额取 {_q(money)}" if zh else
                f"headed amount, but small whole numbers only (median {median:g}): the count of items; the "
                f"amount is {_q(money)}"))
        elif key == "discount":
            lines.append(f"    {key}: {listed}    # " + ("折扣金额：从数量 × 单价中扣除" if zh else
                                                    "the line's discount: subtracted from quantity × unit price"))
        elif key == "refund":
            lines.append(f"    {key}: {listed}    # " + ("退款金额：从该行金额中扣除（全额退款的行是退货，按 cleaning.returns 处理）"
                                                    if zh else "refunded on the row: subtracted from its amount (a "
                                                    "line refunded whole is a return, as cleaning.returns says)"))
        elif key == "order_id" and header == d.session_order:
            lines.append(f"    {key}: {listed}    # " + (
                "浏览会话编号（日志中没有订单号）：同一会话中的购买计为一单；删去此行则客户同一天的购买计为一单" if zh else
                "the browsing session (the log has no order number): a session's purchases are one order; without "
                "this line, a customer's purchases of one day are one order"))
        elif d.credit_said and key == d.credit_said[0]:  # a debit/credit pair: how it is read, what to check
            lines.append(f"    {key}: {listed}    # " + (d.credit_said[2] if zh else d.credit_said[1]))
        elif key in d.line_said:
            lines.append(f"    {key}: {listed}    # " + d.line_said[key][1 if zh else 0])
        elif isinstance(header, str):
            lines.append(f"    {key}: {_q(header)}")
        else:
            lines.append(f"    {key}: {listed}    # " + (
                ("并排的各表格表头写法不同" if zh else "named differently in the blocks side by side") if d.blocks_named
                else ("各工作表的表头写法不同" if zh else "named differently on some sheets")))
    told_headers = [h for v in d.columns.values() for h in _names(v)] + list(d.unused)
    for key in d.missing:
        said = d.line_said[key][1 if zh else 0] if key in d.line_said else \
            buyer_stand_in_comment(told_headers, zh) if key == "customer_id" else None
        if key == "amount" and said is None and "quantity" in d.columns:  # a quantity beside: the line's money
            said = ("未识别：请填写每行的金额（该行合计）的表头；如文件只有单价、没有行金额，改写为 unit_price: 单价的表头"
                    "（金额即数量 × 单价）" if zh else
                    "not recognised: put the header of each line's amount of money (the line's total) here; if the "
                    "file has a unit price and no line amount, write unit_price: <its header> instead (the amount is "
                    "then quantity × unit price)")
        lines.append(f"    {key}: {_q('?')}    # " + (said or ("未识别：请在此填写该列的表头" if zh else
                                                           "not recognised: put the header of this column here")))
    if d.discount_unsure:
        lines.append(f"    # discount: {_q(d.discount_unsure)}    # " + (
            "整数，可能是每行扣减的金额，也可能是折扣百分比，样本无法判断：如是金额，去掉本行的 #；如是百分比，改写为 "
            "discount_rate 并设 data.discount_percent: true" if zh else
            "whole numbers that could be money off each line or percentages; the sample does not tell: if money, "
            "remove this line's #; if percentages, write discount_rate and set data.discount_percent: true"))
    if d.unused:
        lines.append("    # " + ("文件中的其他表头：" if zh else "other headers in the file: ") + ", ".join(_q(h) for h in d.unused))
        lines.append("    # " + ("如需带入报告，写在   attributes: {名称: 表头}" if zh else
                                "carry any of them along with   attributes: {name: header}"))
    lines += [
        "",
        "period:",
        _as_of_line(d, as_of, seen),
        _months_line(d, as_of),
        "",
        "grading:",
        "  value:              # " + ("帕累托 A/B/C：A 类贡献前 80% 的采购额，B 类贡献其后 15%" if zh else
                                      "Pareto A/B/C: A brings the first 80% of revenue, B the next 15%"),
        "    method: pareto",
        "    cuts: [0.8, 0.95]",
        "    labels: " + ("[C类客户, B类客户, A类客户]    # 从低到高" if zh else "[C, B, A]    # lowest tier first"),
        ("    # 或按金额门槛分级（以货币单位计，含下限）：" if zh else
         "    # or absolute thresholds in currency units, lower bounds inclusive:"),
        "    # method: thresholds",
        "    # thresholds: [100000, 300000, 1000000]",
        "    # labels: " + ("[小客户, 一般客户, 重要客户, VIP客户]" if zh else "[small, general, important, VIP]"),
        _rfm_line(d),
        _lifecycle_line(d, zh),
        "",
        *_service_plan_lines(zh),
        "",
    ]
    cleaning = []
    if d.no_id_share > 0.05 and not d.blanks_in_blocks:  # walk-in or guest sales: the run would stop at 5%
        limit = min(1.0, round(d.no_id_share + 0.05, 2))
        cleaning.append(f"  max_set_aside_share: {limit:g}   # " + (
            f"样本中 {d.no_id_share:.0%} 的行没有客户编码（{'关联不上的订单行，或' if d.joins else ''}散客销售？）；"
            f"这些行会被单列，超过此比例则运行停止" if zh else
            f"{d.no_id_share:.0%} of the sample rows have no customer ID "
            f"({'lines without a join match, or ' if d.joins else ''}guest sales?); they are set aside, and the run "
            f"stops above this share"))
    if d.by_name:
        cleaning.append("  blank_ids: name     # " + (
            f"样本中 {d.by_name:,} 行没有客户编码、但写有客户名称：按名称计入（该名称在其他行有唯一编码时用该编码）；"
            f"set_aside 则单列、不计入" if zh else
            f"{d.by_name:,} sample rows have no customer ID but the customer's name: graded under it (the ID the name "
            f"has on other lines, when it has one); set_aside leaves them out"))
    if d.struck_rows:
        cleaning.append("  struck_rows: void   # " + (
            f"{d.struck_rows:,} 行的金额带删除线（作废）：void 单列、不计入；如删除线另有含义，改为 count" if zh else
            f"{d.struck_rows:,} line{'s' if d.struck_rows > 1 else ''} with the amount struck through (作废): void sets "
            f"{'them' if d.struck_rows > 1 else 'it'} aside; if the strike means something else, put count"))
    if d.red_amounts:
        cleaning.append("  red_amounts: returns   # " + (
            f"{d.red_amounts:,} 个正数金额用红色字体书写（红字）：returns 按退货（负数）计；如红色只是标注，改为 sales" if zh else
            f"{d.red_amounts:,} positive amount{'s' if d.red_amounts > 1 else ''} in red font (红字): returns counts "
            f"{'them' if d.red_amounts > 1 else 'it'} as negative; if the red only highlights, put sales"))
    cased = bool(d.id_variants) and all(_alike_but_for_writing(group) for group in d.id_variants)
    if d.padded_ids:  # 0000100787 in one file, 100787 in another: one customer each
        cleaning.append("  id_variants: merge   # " + (
            f"{len(d.id_variants):,} 个客户编码在一个文件中带前导零、在另一个文件中不带（如 {'；'.join(d.id_variants[:2])}）："
            f"merge 合并为一个客户，keep 则分开分级" if zh else
            f"{len(d.id_variants):,} customers written with leading zeros in one file and without in another (e.g. "
            f"{'; '.join(d.id_variants[:2])}): merge grades each as one customer, keep apart"))
    elif cased:  # D002 and d002: one code, typed with the shift key or not
        cleaning.append("  id_variants: merge   # " + (
            f"{len(d.id_variants):,} 个客户编码只差大小写、全角半角或空格（如 {'；'.join(d.id_variants[:2])}）：merge 合并为一个客户，"
            f"keep 则分开分级" if zh else
            f"{len(d.id_variants):,} customer{'s' if len(d.id_variants) > 1 else ''} written in upper and lower case, "
            f"full- and half-width or with spaces "
            f"(e.g. {'; '.join(d.id_variants[:2])}): merge grades each as one customer, keep apart"))
    elif d.id_variants:  # 00123 and 123: the client decides whether they are one customer
        cleaning.append("  id_variants: keep   # " + (
            f"{len(d.id_variants):,} 个客户编码有两种写法（如 {'；'.join(d.id_variants[:2])}）：keep 分开分级，merge 合并为一个客户"
            if zh else
            f"{len(d.id_variants):,} customer{'s' if len(d.id_variants) > 1 else ''} written two ways (e.g. "
            f"{'; '.join(d.id_variants[:2])}): keep grades them apart, merge as one customer each"))
    for key, values_by_header, comment in (
            ("exclude", d.exclude, "按列值排除的订单行（单列，见 quarantine.csv）" if zh else
             "order lines left out by a column's value (set aside, listed in quarantine.csv)"),
            ("returns_marked", d.returns_marked, "以正数记录的退货：按负数计" if zh else
             "returns written with a positive amount: they count as negative")):
        if values_by_header:
            cleaning.append(f"  {key + ':':<19} # {comment}")
            for header, values in values_by_header.items():
                cleaning.append(f"    {_q(header)}: [{', '.join(_q(v) for v in values)}]" + _copies_said(
                    d.sap_copies.get(header, {}), values, zh))
                if key == "exclude" and header in d.exclude_kept:  # the values left counting as sales, named
                    cleaning.append("    # " + _kept_said(header, d.exclude_kept[header], zh=zh))
        if key == "exclude" and d.charges:  # a choice for the consultant: commented out
            cleaning.append(("  # exclude:           # " if not values_by_header else "    # ") + (
                "费用行（运费、手续费、折扣）而非商品：如不计入客户采购额，删去这几行开头的“# ”即可排除" if zh else
                "lines of charges (postage, fees, discounts), not goods: delete the '# ' these lines start with to "
                "leave them out of revenue"))
            cleaning += [f"  #   {_q(header)}: [{', '.join(_q(v) for v in values)}]" if not values_by_header else
                         f"    # {_q(header)}: [{', '.join(_q(v) for v in values)}]"
                         for header, values in d.charges.items()]
        if key == "exclude" and d.returned_orders:  # a choice for the consultant: commented out
            name, header, _, ids = d.returned_orders
            said = (f"工作表 {name!r} 列出的 {len(ids):,} 个退货订单：如不计为销售，删去{{}}开头的“# ”" if zh else
                    f"the {len(ids):,} returned order{'s' if len(ids) > 1 else ''} sheet {name!r} lists: delete the "
                    f"'# ' {{}} starts with to leave {'them' if len(ids) > 1 else 'it'} out")
            listed = f"{_q(header)}: [{', '.join(_q(v) for v in ids)}]"
            cleaning += _commented_exclude(said, listed, live=bool(values_by_header), charges=bool(d.charges), zh=zh)
        if key == "exclude" and d.free_goods:  # a choice for the consultant: commented out
            cleaning += _optional_exclude(
                d.free_goods, values_by_header, charges=bool(d.charges), zh=zh,
                replace=("赠品、样品按价值记为正数：如未收款、不计入采购额，用下一行（删去“# ”）替换上面的 {} 一行" if zh else
                         "gifts and samples written at their value: if they were not paid for, replace the line of {} "
                         "above with the next one (without its '# ')"),
                said=("赠品、样品按价值记为正数：如未收款、不计入采购额，删去{}开头的“# ”" if zh else
                      "gifts and samples written at their value: delete the '# ' {} starts with if they were not "
                      "paid for"))
        if key == "exclude" and d.walk_in:  # a choice for the consultant: commented out
            cleaning += _optional_exclude(
                d.walk_in, values_by_header, charges=bool(d.charges), zh=zh,
                replace=("散客记在同一名称下：如不作为一家客户分级，用下一行（删去“# ”）替换上面的 {} 一行" if zh else
                         "walk-in sales under one name: to leave them out of the grading, replace the line of {} above "
                         "with the next one (without its '# ')"),
                said=("散客记在同一名称下：如不作为一家客户分级，删去{}开头的“# ”" if zh else
                      "walk-in sales under one name: delete the '# ' {} starts with to leave them out of the grading"))
    if d.shared_orders:  # overlapping exports: an order amended in the later one counts once, as amended
        cleaning.append("  overlap: latest     # " + (
            f"{d.shared_orders:,} 个订单号出现在不止一个文件或工作表中（导出时间有重叠）：完全相同的行只计一次；内容不同的订单"
            f"（后一次导出修正了前一次）按最新的文件计。如各文件的订单本不相同，改为 keep" if zh else
            f"{d.shared_orders:,} order ID{'s are' if d.shared_orders > 1 else ' is'} in more than one file or sheet "
            f"(the exports overlap): identical lines count once; an order the files write differently (corrected in a "
            f"later export) counts as the latest file writes it. If the files' orders are distinct, put keep"))
    if d.repeated_totals:
        cleaning.append("  order_totals: once  # " + (
            f"样本中 {d.repeated_totals[0]:,} 个多行订单的每一行都写着同一金额（整单金额）：每单只计一次；如确是每行自己的金额，"
            f"改为 lines" if zh else
            f"{d.repeated_totals[0]:,} orders of several lines in the sample carry one amount on each line (the "
            f"order's total): each order counts once; if every line's amount is its own, put lines"))
    if d.return_sheets:
        cleaning.append(f"  return_sheets: [{', '.join(_q(n) for n in d.return_sheets)}]   # " + (
            "这些工作表上的金额是退货，按负数计" if zh else "the amounts on these sheets are returns: they count as "
                                                         "negative"))
    if d.sub_customers:  # NetSuite's Parent : Child: graded apart unless the consultant takes the parent
        shown = d.sub_customers[:_SUB_SHOWN]
        more = len(d.sub_customers) - len(shown)
        contact = d.sub_kind == "contact"
        cleaning.append("  # same_customers:   # " + (
            (f"{len(d.sub_customers):,} 个客户是公司的联系人（写作“公司, 联系人”）：现各自分级；如按公司分级，删去以下各行开头的“# ”"
             if contact else
             f"{len(d.sub_customers):,} 个客户是子客户（写作“上级 : 子客户”）：现各自分级；如按上级客户分级，删去以下各行开头的“# ”")
            + (f"（另有 {more:,} 个未列出：照此补齐，或用对照表文件 same_customers: {{file: ...}}）" if more else "")
            if zh else
            (f"{len(d.sub_customers):,} "
             + ("customers are companies' contact persons" if len(d.sub_customers) > 1
                else "customer is a company's contact person")
             + " (written Company, Contact), graded apart now; to grade each under its company" if contact else
             f"{len(d.sub_customers):,} customer"
             f"{'s are sub-customers' if len(d.sub_customers) > 1 else ' is a sub-customer'} (written Parent : Child), "
             f"graded apart now; to grade each under its parent")
            + ", delete the '# ' these lines start with" + (
                f" ({more:,} more not listed: add them alike, or use a mapping file, same_customers: {{file: ...}})"
                if more else "")))
        cleaning += [f"  #   {_q(child)}: {_q(parent)}" for child, parent in shown]
    if cleaning:
        lines += ["cleaning:", *cleaning, ""]
    return "\n".join(lines)


#: Sub-customers listed in the commented cleaning.same_customers of a draft, at most.
_SUB_SHOWN = 40
#: A customer written as its parent's sub-customer, NetSuite's Parent : Child (Acme Corp : Acme West); a space on each
#: side of the colon, as NetSuite writes the hierarchy, so that 'Re:Store' or a time is none.
_SUB_CUSTOMER = r"(?P<parent>\S.*?) : \S.*"


def sub_customers(ids: pd.Series) -> list[tuple[str, str]]:
    """(sub-customer, its top parent) for each distinct ID written Parent : Child (:data:`_SUB_CUSTOMER`) whose parent
    is itself a customer of ``ids`` or the parent of another such ID: a hierarchy, not one name holding a colon."""
    distinct = pd.Series(ids.dropna().astype("string").unique(), dtype="string")
    parents = distinct.str.extract(f"^{_SUB_CUSTOMER}$")["parent"]
    keep = parents.notna() & (parents.isin(set(distinct)) | parents.map(parents.value_counts()).gt(1))
    return sorted(zip(distinct[keep].tolist(), parents[keep].tolist()))


#: A column naming what a line sold (Description, StockCode, 品名, 存货名称), and its values for a charge rather than
#: goods: postage, fees, discounts, adjustments (Online Retail's POSTAGE, Manual, Bank Charges, AMAZON FEE)
_ITEM_HEADER = re.compile(r"description|desc$|product( name)?$|item( name)?$|stock ?code|sku|article|品名|商品名称|"
                          r"存货名称|存貨名稱|产品名称|產品名稱|货品名称|物料名称|摘要", re.IGNORECASE)
_CHARGE = re.compile(r"((dotcom|next\s+day)\s+)?postage|(next\s+day\s+)?carriage|manual|bank\s+charges?|amazon\s+fee|"
                     r"discount|adjust(ment)?(\s+bad\s+debt)?|cruk\s+commission|"
                     r"(shipping|freight)(\s+(fee|charge|cost)s?)?|(delivery|handling|service)\s+(fee|charge|cost)s?|"
                     r"运费|運費|运输费|運輸費|邮费|郵費|快递费|快遞費|物流费|配送费|运杂费|装卸费|手续费|手續費|包装费|折扣|折让|返利",
                     re.IGNORECASE)


def charge_lines(frame: pd.DataFrame, headers: list[str], product: str | list[str] | None = None
                 ) -> dict[str, list[str]]:
    """Item columns of the sample (the product column, or a header such as Description or 品名) and their values
    that name a charge rather than goods (POSTAGE, Bank Charges, 运费, 手续费), in the order they first appear:
    revenue a consultant may want to leave out. A column holding mostly such values is not an item column."""
    products = set(_names(product)) if product else set()
    best: tuple[int, str, list[str]] | None = None  # the column saying it of most rows (Description, not StockCode)
    for header in headers:
        if header not in products and not _ITEM_HEADER.search(str(header)):
            continue
        cells = _cells(frame, header).astype("string").str.strip()
        found = [v for v in cells.dropna().drop_duplicates() if v and _CHARGE.fullmatch(v)]
        rows = int(cells.isin(found).sum()) if found else 0
        if rows and rows <= 0.1 * len(cells) and (best is None or rows > best[0]):
            best = (rows, str(header), found)
    return {best[1]: best[2]} if best else {}




def walk_in_customers(frame: pd.DataFrame, columns: dict) -> dict[str, list[str]]:
    """The customer column (ID, else name) of the sample and its values naming walk-in sales (:data:`WALK_IN`: 散客,
    零售客户; a nickname's 微信用户, :data:`DEFAULT_NICKNAME`), in the order they first appear; {} when none does."""
    from .clean import WALK_IN

    for key in ("customer_id", "customer_name"):
        header = columns.get(key)
        if not isinstance(header, str) or header not in frame:
            continue
        cells = _cells(frame, header).astype("string").str.strip()
        # a nickname's 微信用户: the buyers who shared none, under one name as walk-ins are (review rcn)
        shared = DEFAULT_NICKNAME if _NICKNAME.fullmatch(_norm(str(header))) else None
        found = [v for v in cells.dropna().drop_duplicates()
                 if v and (WALK_IN.fullmatch(v) or (shared is not None and shared.fullmatch(v)))]
        if found:
            return {header: found}
    return {}


#: A shop's buyer nickname (用户昵称, 买家昵称, 微信昵称): a name the buyer chose, not an ID.
_NICKNAME = re.compile(r"(用户|买家|客户|会员|微信|粉丝|下单人)?昵称")
#: The nickname a platform shows for a buyer who has not shared theirs (WeChat's 微信用户), shared by many buyers.
DEFAULT_NICKNAME = re.compile(r"\s*(微信用户|匿名用户|匿名买家|匿名|wechat user)\s*", re.IGNORECASE)
#: Share of a nickname column's written cells at a platform's default name that leaves it out as the customer (the
#: buyers under it many, not one); under it the column is drafted as the customer and cleaning.exclude leaves those
#: rows out (QA cn: 微信用户 on 2% of a 微信小店 export's rows stopped kit init and kit check).
DEFAULT_NICKNAME_SHARE = 0.10
#: A nickname the platform masked (小***, t**1, 王*: 淘宝, 抖店 and 快手 hide the buyer's), alike for many buyers.
MASKED_NICKNAME = re.compile(r".*[*＊].*")
#: Share of a nickname column's written cells masked that leaves it out as the customer (review rcn: 150 buyers
#: graded as 10 customers, 小***, 晨***).
MASKED_NICKNAME_SHARE = 0.5
#: The consignee of a shop's order (收货人, 收件人姓名) and the phone it is sent to (手机, 收货人手机, 联系电话).
_RECIPIENT = re.compile(r"(收货人|收件人|顾客|顧客)(姓名|名称)?")
_RECIPIENT_PHONE = re.compile(r"(收货人|收件人|顾客|顧客)?(手机|手机号|手机号码|联系手机|联系电话|电话|联系方式)")
#: A phone number the platform masked (138****1234, or '138****1234 with the text mark an export writes: QA cn2): the
#: first three and the last four figures.
_MASKED_PHONE = re.compile(r"\s*'?1\d{2}\*{4}\d{4}\s*")
#: A phone number shown by its last four figures only (美团外卖's 尾号1234, ****1234): ten thousand such numbers in all.
_PHONE_TAIL = re.compile(r"\s*((手机)?尾号|\*{3,})\s*\d{4}\s*")
#: A column naming a shop or store (门店ID, 店铺名称, 商家名称): in a platform's export, the shop that exported it.
_SHOP_HEADER = re.compile(r".*(门店|門店|店铺|店鋪|商家|商户|商戶|网店|網店|shop|store|merchant|seller).*", re.IGNORECASE)


def _stand_in_headers(headers: Sequence[str]) -> tuple[str | None, str | None, str | None]:
    """The nickname, consignee and phone headers of a shop's export (:func:`buyer_stand_ins`), a mobile's (手机,
    联系手机) before a landline's (千牛's 联系电话 beside 联系手机, empty on most orders: QA cn2)."""
    nick, name = (_first_header(headers, p) for p in (_NICKNAME, _RECIPIENT))
    mobile = _first_header([h for h in headers if isinstance(h, str) and "手机" in h], _RECIPIENT_PHONE)
    return nick, name, mobile or _first_header(headers, _RECIPIENT_PHONE)


def _first_header(headers: Sequence[str], pattern: re.Pattern) -> str | None:
    """The first of ``headers`` that ``pattern`` matches whole, once normalised (:func:`_norm`); None when none does."""
    return next((h for h in headers if isinstance(h, str) and pattern.fullmatch(_norm(h))), None)


def default_nicknames(frame: pd.DataFrame, header: str) -> float:
    """The share of the nickname column ``header``'s written cells that read a platform's default name (微信用户):
    0 when ``header`` is no nickname column (:data:`_NICKNAME`) or not in ``frame``."""
    if header not in frame or not _NICKNAME.fullmatch(_norm(str(header))):
        return 0.0
    cells = _cells(frame, header).astype("string").str.strip()
    cells = cells[~_blank(cells)]
    return float(cells.str.fullmatch(DEFAULT_NICKNAME.pattern, case=False).mean()) if len(cells) else 0.0


def masked_nicknames(frame: pd.DataFrame, header: str) -> float:
    """The share of the nickname column ``header``'s written cells the platform masked (:data:`MASKED_NICKNAME`:
    小***): 0 when ``header`` is no nickname column (:data:`_NICKNAME`) or not in ``frame``."""
    if header not in frame or not _NICKNAME.fullmatch(_norm(str(header))):
        return 0.0
    cells = _cells(frame, header).astype("string").str.strip()
    cells = cells[~_blank(cells)]
    return float(cells.str.fullmatch(MASKED_NICKNAME.pattern).mean()) if len(cells) else 0.0


def _nickname_customer(frame: pd.DataFrame, headers: Sequence[str], columns: dict) -> str | None:
    """The nickname column (:data:`_NICKNAME`: 用户昵称, 微信昵称) no key maps, that could be the customer of a shop's
    export without a buyer ID: fewer than :data:`DEFAULT_NICKNAME_SHARE` of its written cells read a platform's
    default name (微信用户). None when there is none, or when ``columns`` maps a customer."""
    if "customer_id" in columns:
        return None
    used = {h for v in columns.values() for h in _names(v)}
    nick = _first_header([h for h in headers if h not in used], _NICKNAME)
    if nick is None or nick not in frame or _blank(_cells(frame, nick).astype("string").str.strip()).all():
        return None
    if masked_nicknames(frame, nick) >= MASKED_NICKNAME_SHARE:  # 小***: no buyer told apart (review rcn)
        return None
    return nick if default_nicknames(frame, nick) < DEFAULT_NICKNAME_SHARE else None


#: An account or name the platform masked to a character or two each side (t**3, 小**, 王*明): one of many buyers.
_MASKED_ACCOUNT = re.compile(r"\s*[^*＊\s]{0,2}[*＊]{2,}[^*＊\s]{0,2}\s*")


def _masked_accounts(frame: pd.DataFrame, header: str) -> str | None:
    """The first masked cell of the customer column ``header`` when half or more of its written cells are masked to
    a character or two each side (:data:`_MASKED_ACCOUNT`: 淘宝 and 千牛's 买家会员名 t**3), else None; a masked phone
    (138****1234) is none, its seven figures telling buyers apart."""
    cells = _cells(frame, header).astype("string").str.strip()
    cells = cells[~_blank(cells)]
    if cells.empty:
        return None
    masked = cells.str.fullmatch(_MASKED_ACCOUNT.pattern).fillna(False)
    return str(cells[masked].iloc[0]) if masked.mean() >= MASKED_NICKNAME_SHARE else None


def _own_shop(frame: pd.DataFrame, columns: dict, others: Sequence[pd.DataFrame] = ()) -> tuple[str, str] | None:
    """The customer column drafted and its one value when it names a shop or store (:data:`_SHOP_HEADER`) and holds
    that one value on every row of a sample of 50 rows or more, and in the ``others`` files' samples too: a
    platform's export (美团外卖, 饿了么) writing the shop's own ID or name on each order, the buyer being named
    elsewhere or not at all. None otherwise: a supplier's deliveries to several stores keep the store as the customer,
    also when each store's are a file of their own (配送_门店1.csv, 门店2: review)."""
    cid = columns.get("customer_id")
    if not isinstance(cid, str) or cid not in frame.columns or len(frame) < 50 or not _SHOP_HEADER.fullmatch(_norm(cid)):
        return None
    cells = _cells(frame, cid).astype("string").str.strip()
    written = cells[~_blank(cells)]
    if len(written) < 0.9 * len(cells) or written.nunique() != 1:
        return None
    for table in others:
        theirs = _cells(table, cid).astype("string").str.strip() if cid in table.columns else None
        if theirs is not None and (theirs[~_blank(theirs)] != written.iloc[0]).any():
            return None
    return cid, str(written.iloc[0])


def buyer_stand_ins(frame: pd.DataFrame, headers: Sequence[str]) -> dict[str, str] | None:
    """Why a shop's order export without a buyer ID column gives no customer, and what could stand in, in each
    language (``{"en": ..., "zh": ...}``): a nickname (用户昵称: many buyers share 微信用户, 拼多多 and 微信小店's
    exports), else the consignee (收货人) and the phone the order went to (手机, masked as 138****1234). None when the
    file has none of these columns (an ERP's export, whose customer column is only named otherwise)."""
    nick, name, phone = _stand_in_headers(headers)
    if nick is None and (name is None or phone is None):
        return None
    if nick is not None and masked_nicknames(frame, nick) >= MASKED_NICKNAME_SHARE:
        cells = _cells(frame, nick).astype("string").str.strip()
        example = cells[cells.str.fullmatch(MASKED_NICKNAME.pattern).fillna(False)].iloc[0]
        en = (f"{nick!r} cannot be the customer: the platform masks it ({example}), so buyers whose nicknames start "
              f"alike would be graded as one")
        zh = f"{nick!r} 不能作客户：平台已对昵称掩码（{example}），昵称开头相同的不同买家会被当作一位客户分级"
    elif nick is not None and (shared := default_nicknames(frame, nick)) >= DEFAULT_NICKNAME_SHARE:
        en = (f"{nick!r} cannot be the customer: {shared:.0%} of the sample's rows with a nickname read 微信用户 (the "
              f"name WeChat shows for a buyer who has not shared theirs), so many buyers would be graded as one large "
              f"customer, and leaving those rows out would leave {DEFAULT_NICKNAME_SHARE:.0%} or more of the orders "
              f"ungraded")
        zh = (f"{nick!r} 不能作客户：样本中有昵称的行里 {shared:.0%} 写的是“微信用户”（买家未授权昵称时微信显示的名称），"
              f"许多买家共用它，会被当作一位大客户分级，而排除这些行又会有 {DEFAULT_NICKNAME_SHARE:.0%} 以上的订单不参与分级")
    elif nick is not None:
        en = (f"{nick!r}, a nickname, is the only buyer column: it can be the customer (data.columns: customer_id: "
              f"{nick!r}), knowing that a buyer may change it and two may share it")
        zh = (f"{nick!r} 是昵称，是唯一写买家的列：可作客户（data.columns 中 customer_id: {nick!r}），但买家可以改昵称，"
              f"不同买家也可能同名")
    else:
        en = ("no column is recognised as the buyer's ID (拼多多's export gives the shop none; if one of the file's "
              "columns is one, map it)")
        zh = "没有识别出买家ID列（拼多多等平台的导出不提供；如文件中有这样的列，请填入其表头）"
    ask_en = "ask the client for an export with the buyer's ID (openid, 买家ID) or its member/CRM list keyed by it"
    ask_zh = "请向客户索取带买家ID（openid / 买家ID）的导出，或以买家ID为键的会员 / CRM 名单"
    if name is None or phone is None:
        return {"en": f"{en}; {ask_en}", "zh": f"{zh}；{ask_zh}"}
    phones = _cells(frame, phone).astype("string").str.strip()
    written = phones[~_blank(phones)]
    masked = len(written) > 0 and written.str.fullmatch(_MASKED_PHONE.pattern).mean() >= 0.5
    tail = len(written) > 0 and written.str.fullmatch(_PHONE_TAIL.pattern).mean() >= 0.5
    pairs = pd.DataFrame({"phone": written, "name": _cells(frame, name).astype("string").str.strip()[written.index]})
    shared_numbers = int((pairs.dropna().groupby("phone")["name"].nunique() > 1).sum())
    mask_en = " (masked, such as 138****1234)" if masked else ""
    mask_zh = "（已掩码，如 138****1234）" if masked else ""
    merge_en = ("buyers whose masked numbers match are graded as one, " if masked else "")
    merge_zh = ("掩码后号码相同的不同买家会并为一位，" if masked else "")
    if tail:  # 美团外卖's 尾号1234: one number in ten thousand, shared by many buyers of a busy shop
        example = written[written.str.fullmatch(_PHONE_TAIL.pattern).fillna(False)].iloc[0]
        mask_en = f" (its last four figures only, such as {example})"
        mask_zh = f"（只有尾号四位，如 {example}）"
        merge_en = ("every buyer whose number ends in the same four figures is graded as one (there are only ten "
                    "thousand such endings, so a shop of a few thousand buyers merges many), ")
        merge_zh = "尾号相同的不同买家都会并为一位（尾号只有一万种，几千位顾客的店铺会有许多人被并在一起），"
    seen_en = (f" ({shared_numbers:,} of the sample's numbers go with more than one {name!r})" if shared_numbers else "")
    seen_zh = (f"（样本中有 {shared_numbers:,} 个号码对应不止一个{name!r}）" if shared_numbers else "")
    return {"en": f"{en}. The customer can only be approximated by the consignee: {phone!r}{mask_en} as the customer "
                  f"and {name!r} as its name (data.columns: customer_id: {phone!r}, customer_name: {name!r}), knowing "
                  f"that {merge_en}a buyer who changes number or ships to others is split into several, and a gift "
                  f"counts for its recipient{seen_en}; say so in the report if you grade that way, or {ask_en}",
            "zh": f"{zh}。客户只能按收货人近似：以 {phone!r}{mask_zh or ' '}作客户、{name!r} 作客户名称（data.columns 中 "
                  f"customer_id: {phone!r}、customer_name: {name!r}），但{merge_zh}同一买家换号或寄给别人会拆成几位，"
                  f"礼品订单记在收货人名下{seen_zh}；这样分级请在报告中说明，或{ask_zh}"}


def buyer_stand_in_comment(headers: Sequence[str], zh: bool) -> str | None:
    """The comment on a draft's ``customer_id: "?"`` line of a shop export without a buyer ID (see
    :func:`buyer_stand_ins`), None for other files."""
    nick, name, phone = _stand_in_headers(headers)
    if name is not None and phone is not None:
        return (f"导出没有买家ID：可近似用 {phone!r} 作客户（有风险，见 kit init 的说明），最好向客户索取买家ID" if zh else
                f"the export has no buyer ID: {phone!r} could stand in (with risks, see kit init's note); better, ask "
                f"the client for the buyer's ID")
    if nick is not None:
        return (f"导出没有买家ID，{nick!r} 是昵称，不能作客户：请向客户索取买家ID（openid）" if zh else
                f"the export has no buyer ID and {nick!r} is a nickname, no customer: ask the client for the buyer's "
                f"ID (openid)")
    return None


#: What a shop receives of an order (拼多多's 商家实收金额(元)): the buyer's payment and the platform's own discounts.
_SHOP_RECEIVED = re.compile(r"(商家|店铺|卖家)实收(金额|款)?(\(元\))?")
_PLATFORM_DISCOUNT = re.compile(r"平台(优惠|补贴)(折扣|金额)?(\(元\))?")


def _paid_or_received(columns: dict, headers: Sequence[str]) -> tuple[Note, tuple[str, str]] | None:
    """When the amount drafted is what the buyer paid (用户实付金额(元)) beside what the shop receives (商家实收金额(元)):
    the note saying what each counts and the comment on the amount's line; None otherwise."""
    paid = columns.get("amount")
    if not isinstance(paid, str) or not _SHOP_PAID.fullmatch(_norm(paid)):
        return None
    received = _first_header(headers, _SHOP_RECEIVED)
    if received is None:
        return None
    platform = _first_header(headers, _PLATFORM_DISCOUNT)
    by_en = f" ({platform!r})" if platform else ""
    by_zh = f"（{platform!r}）" if platform else ""
    note = Note(f"{paid!r}, the amount drafted, is what the buyer paid, after the shop's and the platform's discounts; "
                f"{received!r} is what the shop receives, the platform paying it its own discounts{by_en}: to grade "
                f"buyers by what they bring the shop rather than what they spent, map amount: {received!r}",
                f"已起草的金额 {paid!r} 是买家实际支付的金额，已扣店铺优惠和平台优惠；{received!r} 是商家实收，"
                f"含平台承担的平台优惠{by_zh}：如要按买家给店铺带来的收入（而非买家的花费）分级，请改为 amount: {received!r}")
    return note, (f"what the buyer paid; {received!r} is what the shop receives, with the platform's discounts",
                  f"买家实付（已扣店铺和平台优惠）；{received!r} 是商家实收（含平台承担的优惠），按店铺收入分级时改用它")


#: Parties of a pharmaceutical flow (医药流向): the distributors selling (经销商, 商业公司, 配送商) and the terminals
#: buying from them (终端, 医院, 药店, 门店, 诊所, 购进单位).
_DISTRIBUTOR = re.compile(r"经销商|商业公司|配送商|配送企业|配送公司|分销商|代理商|商业|一级商|二级商|dealer|distributor|wholesaler",
                          re.IGNORECASE)
_TERMINAL = re.compile(r"终端|医院|药店|药房|门店|诊所|卫生院|卫生室|医疗机构|购进单位|购货单位|terminal|hospital|pharmacy",
                       re.IGNORECASE)


def _distributors_instead(columns: dict, unused: Sequence[str]) -> tuple[Note, tuple[str, str]] | None:
    """When the customers drafted are a flow's terminals (终端代码, 医院名称) and columns left over name the
    distributors who sold to them (经销商代码, 经销商名称): the note saying they could be graded instead, and how,
    and the comment on the customer's line; None otherwise."""
    cid, name = columns.get("customer_id"), columns.get("customer_name")
    if not isinstance(cid, str):
        return None
    own = _code_stem(cid) or _NAME_ENDS.sub("", _norm(cid)).strip()
    if not _TERMINAL.search(own) or _DISTRIBUTOR.search(own):
        return None
    left = [h for h in unused if isinstance(h, str)]
    code = next((h for h in left if _DISTRIBUTOR.search(_code_stem(h))), None)
    named = next((h for h in left if _NAME_ENDS.search(_norm(h)) and _DISTRIBUTOR.search(_NAME_ENDS.sub("", _norm(h)))),
                 None)
    if code is None and named is None:
        return None
    key, label = code or named, named or code
    mapped_en = f"customer_id: {key!r}" + (f" and customer_name: {named!r}" if code and named else "")
    mapped_zh = f"customer_id: {key!r}" + (f"、customer_name: {named!r}" if code and named else "")
    said = ", ".join(repr(h) for h in (code, named) if h)
    terminals = f"{cid!r}" + (f", {name!r}" if isinstance(name, str) and name != cid else "")
    terminals_zh = f"{cid!r}" + (f"、{name!r}" if isinstance(name, str) and name != cid else "")
    note = Note(f"the customers drafted are the terminals ({terminals}); the file also names the distributors selling "
                f"to them ({said}): to grade the distributors instead (the client's direct customers in a flow), map "
                f"{mapped_en} in data.columns; to grade the terminals and show each one's distributor, add "
                f"attributes: {{distributor: {label!r}}}",
                f"已起草的客户是终端（{terminals_zh}）；文件中还有向它们供货的经销商（{said.replace(', ', '、')}）：如要改为给经销商"
                f"（流向中企业的直接客户）分级，请在 data.columns 中改为 {mapped_zh}；如仍给终端分级并显示各终端的经销商，"
                f"请加上 attributes: {{经销商: {label!r}}}")
    return note, (f"the terminals; map customer_id: {key!r} to grade the distributors instead (see kit init's note)",
                  f"终端；改为 customer_id: {key!r} 即给经销商分级（见 kit init 的说明）")


def _alike_but_for_writing(group: str) -> bool:
    """Whether the spellings of one customer (``"D002 / d002"``, as :func:`kit.clean.id_variants` groups them)
    differ only in case, full- or half-width forms (（东院） and (东院), Ｋ１ and K1) or spaces: one customer, written
    two ways by hand (QA c124: 92 hospitals for 60)."""
    return len({re.sub(r"\s+", "", unicodedata.normalize("NFKC", v)).upper() for v in group.split(" / ")}) == 1


#: A cell holding one e-mail address, whole.
_MAIL = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"


def _mail_for_blank_ids(frame: pd.DataFrame, columns: dict, headers: list, rows: np.ndarray,
                        no_id: np.ndarray) -> str | None:
    """The header of a column holding an e-mail address on every order row, when the mapped customer column names
    no one on more than the 5% a run sets aside (guest checkouts: WooCommerce's Customer User ID 0, QA c74); None
    otherwise."""
    if not rows.any() or no_id[rows].mean() <= 0.05:
        return None
    mapped = set(_names(columns["customer_id"]))
    sender = {"from email address", "to email address"} <= {_norm(str(h)) for h in headers}
    for header in headers:
        if header in mapped or sender and _norm(str(header)) in ("from email address", "to email address"):
            continue  # PayPal's: the merchant's own on a refund or a withdrawal, the buyer's in the other column
        cells = _cells(frame, header).astype("string").str.strip().to_numpy()[rows]
        if pd.Series(cells, dtype="string").str.fullmatch(_MAIL).fillna(False).mean() >= 0.99:
            return str(header)
    return None


#: A status column's header, and the values of its cancelled, void or refunded orders. An online shop's trade or order
#: closed (Taobao's 交易关闭: closed without payment, or refunded) is one; a document closed alone (关闭, 已关闭: U8's
#: 发货单, 金蝶's 关闭状态) is a finished one in an ERP, a sale (QA: drafted as cancelled, revenue 29% low): see
#: :data:`_CLOSED`.
_STATUS_HEADER = re.compile(r"(状态|狀態|status|situação|situacao|estado|stato|statut|estatus|zustand)$")
_CANCELLED = re.compile(r"取消|作废|作廢|撤销|撤銷|(交易|订单|訂單)(已)?(关闭|關閉)|退款|无效|無效|cancel|void|refund|"
                        r"unavailable|rejected|deleted|已删除|已刪除|"  # Xero's DELETED invoices
                        # 京东 POP's (删除)锁定, an order deleted (QA qa13: counted, revenue 3.9% high)
                        r"[(（](删除|刪除)[)）]|"
                        # an order line's status once its goods came back (an online shop's order items: Returned),
                        # written on the sale's own line, its amount positive: no sale (QA: counted, revenue 13% high)
                        r"returned|已退货|已退貨|退货成功|退貨成功|退货完成|退貨完成|"
                        # Portuguese, Spanish, Italian, French, Dutch, German
                        r"anulad|annullat|annul|geannuleerd|storn|estornad|rembours|reembolsad|rimborsat|terugbetaald|"
                        # Mercado Libre's return completed (not Devolución en camino; nor Te dimos el dinero alone, the
                        # seller paid: Reclamo cerrado. Te dimos el dinero. is a sale standing)
                        r"devoluci[oó]n finalizada",
                        re.IGNORECASE)
#: A status that denies or qualifies it (没有申请退款, 未取消, not cancelled, partially refunded): an order that counts.
#: Pinduoduo's 售后状态 无售后或售后取消 (no after-sale, or its request withdrawn) is a sale standing (QA c131: the word 取消
#: made 92% of the rows "cancelled", so the column's 退款成功 went undrafted and refunds counted, +6.6%).
_NOT_CANCELLED = re.compile(r"没有|沒有|未|无需|無需|不|申请|申請|中$|部分|无售后|無售後|(售后|售後)(已)?(取消|关闭|關閉)|"
                            r"(无|無)(退款|退货|退貨)|"  # 已完成 - 无退款, no refund (review: drafted out)
                            r"not|no\b|non|partial|pending|request|"
                            # a buyer's request, not a cancellation (eBay: Delivered - buyer asked to cancel, request
                            # declined; QA: drafted out), before the word it asks for: Cancelled (buyer asked) is one
                            # (review)
                            r"\b(asked|asks|wants)\b(?=.*(cancel|refund|return|void))|"
                            r"não|nao\b|nicht|niet|parcial|parzial|partiel|teil|deels|en partie|teilweise|"
                            r"gedeeltelijk|pendente|pendiente|in attesa|en attente|en cours|offen|solicitad|demand|"
                            r"anfrage|aangevraagd|richiest", re.IGNORECASE)
#: A clause of a status that is a qualifier alone (Refunded, partially; Refund / Pending; 退款，处理中).
_BARE_QUALIFIER = re.compile(r"partial(ly)?|in part|pending|in progress|requested|processing|部分|处理中|處理中|"
                             r"申请中|申請中|进行中|進行中|待处理|待處理|审核中|審核中", re.IGNORECASE)
#: A clause of a status that is a refund or return word alone, told by the clause after it (退款，已拒绝).
_BARE_REFUND = re.compile(r"(refund|return)(s|ed)?( request)?|(售后|售後|申请|申請)?(退款|退货|退貨|退货退款|退貨退款)|售后|售後",
                          re.IGNORECASE)
#: A refund or return refused or closed without one (Refund Rejected, 退款失败, 拒绝退款, 退款关闭): the sale stands (QA:
#: drafted as a cancellation, 2% of a shop's revenue left out).
_REFUND_REFUSED = re.compile(r"(refund|return|rembours|reembols|rimbors|storn|annul|anulac|cancel|退款|退货|退貨)"
                             r".*(reject|declin|denied|deny|fail|refus|abgelehnt|geweigerd|rechaz|rifiut|recusad|negad|"
                             r"驳回|駁回|拒|失败|失敗|关闭|關閉)"
                             r"|(reject|declin|denied|deny|fail|refus|驳回|駁回|拒绝|拒絕).*(refund|return|退款|退货|退貨)",
                             re.IGNORECASE)


#: A whole cell of a voucher cancelled, written in brackets where its party would be (Tally's ``(cancelled)``).
_VOIDED_ENTRY = re.compile(r"[(（]\s*(cancell?ed|void(ed)?|作废|已作废|作廢|已作廢|已取消)\s*[)）]", re.IGNORECASE)


#: A status value, whole, of a document closed (关闭, 已关闭, 业务关闭, 手工关闭): in an ERP a finished document, counted
#: as a sale and said in a note (an online shop's 已关闭, as 有赞 writes a closed order, is a cancellation).
_CLOSED = re.compile(r"(已)?(手工|手动|手動|自动|自動|强制|強制|业务|業務|行)?(关闭|關閉)", re.IGNORECASE)
#: An online shop's order status (有赞, 微店, 抖店 ...: 待付款, 已发货, 交易成功): beside them a bare 已关闭 is an order
#: cancelled or never paid, as 有赞 writes it, not an ERP document finished.
_SHOP_STATUS = re.compile(r"(等待买家|等待買家|待)(付款|发货|發貨|收货|收貨|成团|成團)|(卖家|賣家)?已发货|(卖家|賣家)?已發貨|"
                          r"交易成功|交易完成|买家已付款|買家已付款|已签收|已簽收", re.IGNORECASE)


#: A status value, whole, of an order not paid (Shopify's Financial Status pending, Taobao's 等待买家付款;
#: WooCommerce's Pending payment, On hold awaiting a transfer, Failed payment): no sale yet.
_UNPAID_STATUS = re.compile(r"(payment[\s_]*)?pending([\s_]+payment)?|on[\s_-]*hold|failed|unpaid|not[\s_]+paid|"
                            # Stripe's PaymentIntents not (yet) paid (review: counted at their full amount)
                            r"requires[\s_]+(payment[\s_]+method|action|confirmation|capture)|incomplete|"
                            r"awaiting[\s_]+payment|(待|未|等待(买家|買家)?)(付款|支付)|"
                            # an invoice not yet approved (Xero's DRAFT, QuickBooks' Draft): not sent, no sale
                            r"draft|草稿|"
                            # a payment the processor denied or declined (PayPal's Status Denied): no money came
                            r"denied|declined", re.IGNORECASE)
#: A status value, whole, of an invoice awaiting approval (Xero's SUBMITTED, between DRAFT and AUTHORISED; Awaiting
#: Approval): not yet an invoice, as a draft is not (QA: Xero's SUBMITTED invoices counted as sales). SUBMITTED alone is
#: read so beside the other words of an approval (:data:`_APPROVAL_WORDS`): an order submitted elsewhere may be placed.
_AWAITING_APPROVAL = re.compile(r"(submitted|pending|awaiting)[\s_]+(for[\s_]+)?approval|待审批|待審批|审批中|審批中",
                                re.IGNORECASE)
_SUBMITTED = re.compile(r"submitted", re.IGNORECASE)
_APPROVAL_WORDS = re.compile(r"draft|authori[sz]ed|approved|草稿", re.IGNORECASE)
#: ... and those of :data:`_UNPAID_STATUS` that are no invoice yet rather than one unpaid (said so in a note).
_NOT_YET_INVOICED = re.compile(r"draft|草稿|submitted|" + _AWAITING_APPROVAL.pattern, re.IGNORECASE)


def unapproved_or_unpaid(values: list[str]) -> list[str]:
    """The values of a status column naming an order not paid or an invoice not approved yet (pending, DRAFT, and
    Xero's SUBMITTED beside DRAFT or AUTHORISED), in their order: no sale yet."""
    workflow = any(_APPROVAL_WORDS.fullmatch(v) for v in values)
    return [v for v in values if _UNPAID_STATUS.fullmatch(v) or _AWAITING_APPROVAL.fullmatch(v)
            or (workflow and _SUBMITTED.fullmatch(v))]


#: Status columns whose "pending" is no unpaid order: a refund or a shipment pending (the sale stands).
_NOT_PAYMENT_STATUS = re.compile(r"refund|return|退款|退货|退貨|fulfil|ship|deliver|发货|發貨|物流|配送", re.IGNORECASE)


#: A column telling the kind of document or line (单据类型, 业务类型, type), and its values for a return.
#: Kingdee's 红蓝字 (a red invoice, 红字, is a return or a credit) and 单据性质 name the kind too.
_TYPE_HEADER = re.compile(r"(类型|類型|类别|類別|type|红蓝字|紅藍字|红蓝字标志|红蓝标志|性质|性質|"
                          # German Belegart, Typ; French Type de document; Spanish, Portuguese, Italian Tipo (documento);
                          # Dutch Soort
                          r"^typ|belegart|fakturaart|belegtyp|dokumentart|dokumenttyp|vorgangsart|auftragsart|"
                          r"type de (document|pi[eè]ce)|^tipo|tipo( de)? ?doc(umento)?|^soort|documentsoort)$")
#: A whole value naming a return (销售退货, 速达/精斗云's 销货退货单, Return, Credit note), not one merely holding the word
#: (credit_card).
_RETURN = re.compile(r"(销售|銷售|销货|銷貨|采购|客户)?(退货|退貨)(单|單|入库|入庫)?|退回|红冲|紅沖|(红字|紅字|红票|紅票)(发票|發票)?|"
                     # a flow's 纯销退货 / 纯销退回 beside 纯销 (review rcn: written positive, counted as sales)
                     r"(纯销|純銷)(退货|退貨|退回)|"
                     r"(sales\s*)?returns?|returned|refund(ed)?|(sales\s*)?credit\s*(note|memo)s?|"
                     # German, French, Spanish, Portuguese, Italian, Dutch
                     r"gutschrift(en)?|retouren?|r(ü|ue?)ck(sendung|gabe|lieferung)|avoirs?|notes? de cr[ée]dit|"
                     r"retours?|abonos?|notas? de cr[ée]dito|devoluci[óo]n(es)?|devolu[çc](ão|ao|ões|oes)|"
                     r"(factura )?rectificativa|notas? di credito|resi|reso|creditnota|creditfactuur|retourzending",
                     re.IGNORECASE)
#: A whole type value of a document that is no sale to a customer, in an export listing every kind of document
#: (管家婆's 经营历程, QuickBooks' Transaction List by Customer): cash received or paid, purchases from suppliers,
#: expenses, stock moves, quotes (QA: receipts and purchases summed as sales, revenue 1.9 times); with 单 or
#: without (收款单, 收款).
_NOT_SALES = re.compile(r"(预)?(收款|付款)(单|單)?|(进货|進貨|采购|採購|购货|購貨)(退货|退貨|入库|入庫|订单|訂單)?(单|單)?|"
                        # a flow's 调拨退回 (a transfer sent back) beside 调拨: left in, netted as a return, it graded a
                        # distributor at a negative amount; 商业调拨, a transfer between distributors (review rcn)
                        r"(现金|現金|一般|其他)?费用(单|單)?|(库存|庫存|商业|商業)?(调拨|調撥)(出库|出庫|入库|入庫|退回|退货|退貨)?(单|單)?|"
                        # 畅捷通 T+'s 其他出库单 (samples, internal use) and 调拨出库单 beside 销售出库单 (QA: counted as
                        # sales, revenue 21.6% high)
                        r"(其他|其它)(出库|出庫|入库|入庫)(单|單)?|盘点(单|單)?|报损(单|單)?|报溢(单|單)?|"
                        r"转账(单|單)?|轉賬(單)?|核销(单|單)?|"
                        # a POS's member top-up (会员储值卡充值): money paid in ahead, spent in later sales (QA: counted)
                        r"(会员|會員)?(储值|儲值)?(卡)?(充值|储值|儲值)(单|單)?|"
                        # PayPal's activity download: money moved to the bank or between currencies, no customer's
                        r"(general )?withdrawal( to bank)?|(general )?currency conversion|"
                        r"(received? |customer )?payments?( received)?|deposits?|bills?( payment)?|checks?|cheques?|"
                        r"expenses?|journal( entry)?|transfers?|purchase( orders?)?|estimates?|quotes?|quotations?",
                        re.IGNORECASE)
#: SAP's document types (凭证类型, Document Type in FBL5N): payments DZ, clearing AB, G/L SA, a vendor's KR, KZ (QA:
#: payments netted as returns, revenue 35% low) beside billing RV and customer invoices DR; looked for only in a
#: column of document types (:data:`_DOCUMENT_TYPE_HEADER`), as AB is a class of customers in a 客户类型 (review).
_SAP_NOT_SALES = re.compile(r"dz|ab|sa|kr|kz|zp", re.IGNORECASE)
_SAP_SALES = re.compile(r"rv|dr", re.IGNORECASE)
#: SAP SD's billing types (VBRK-FKART, Billing Type, Fakturaart): credit memos G2, returns credit memos RE and
#: cancellations of invoices S1, their values written positive beside the invoices F2 (QA: summed as sales); pro forma
#: invoices F5, F8, which bill nothing; the invoices and debit memos (F1, F2, L2) they are beside. Looked for only in a
#: column of billing types (:data:`_BILLING_TYPE_HEADER`).
_SAP_CREDIT_TYPES = re.compile(r"g2|re|s1", re.IGNORECASE)
_SAP_PRO_FORMA = re.compile(r"f5|f8", re.IGNORECASE)
#: SAP's cancellations of an invoice (S1) and of a credit memo (S2): left out rather than counted beside a flag saying
#: which documents are cancelled (VBRK-FKSTO, Cancelled: X), which leaves those documents out.
_SAP_CANCELLATION = re.compile(r"s1|s2", re.IGNORECASE)
_SAP_INVOICE_TYPES = re.compile(r"f1|f2|l2", re.IGNORECASE)
#: A client's copy of an SAP standard billing type: the customer namespace's Z or Y before the standard's code (ZF2 of
#: F2, ZG2 of G2, ZRE of RE, ZS1 of S1), as customers copy the standard types to adapt them, keeping what they do (QA:
#: ZG2 credit memos and ZS1 cancellations written positive counted as sales, ZF5 pro forma invoices too).
_SAP_COPY = re.compile(r"[yz](f1|f2|l2|g2|re|s1|s2|f5|f8)", re.IGNORECASE)
#: What each standard type is, said beside the copies read as it.
_SAP_KIND = {"f1": ("invoice", "发票"), "f2": ("invoice", "发票"), "l2": ("debit memo", "借项凭证"),
             "g2": ("credit memo", "贷项凭证"), "re": ("returns credit memo", "退货贷项凭证"),
             "s1": ("invoice cancellation", "发票冲销"), "s2": ("credit memo cancellation", "贷项凭证冲销"),
             "f5": ("pro forma invoice", "形式发票"), "f8": ("pro forma invoice", "形式发票")}


def sap_standard_types(cells: pd.Series) -> pd.Series:
    """The cells of a billing type column (VBRK-FKART) with a client's copies of SAP's standard types read as them
    (ZG2 as G2, ZS1 as S1: :data:`_SAP_COPY`), trimmed; other cells as written. What supports the reading is the
    column's invoices (F2 or ZF2), which the callers look for among the types so read."""
    return cells.astype("string").str.strip().str.replace(r"^[YZyz](?=(?i:f1|f2|l2|g2|re|s1|s2|f5|f8)$)", "",
                                                           regex=True)


#: A column naming the document a line refers to (SAP's Reference Document, Referenzbeleg, 参考凭证; a return's
#: 原单号, Original Invoice): on the returns, the order each cancels or credits.
_REFERENCE_HEADER = re.compile(r"ref(erence)?\.? ?doc(ument)?\.?|reference|referenz(beleg)?|bezugsbeleg|vorg(ä|ae)nger(beleg)?|"
                               r"preceding ?doc(ument)?|cancel+ed ?(bill(ing)?|doc(ument)?|inv(oice)?)\.? ?(doc\.?)?|"
                               r"orig(inal)?\.? ?(invoice|order|doc(ument)?)( ?(no|number|#))?\.?|"
                               r"原(单|單|订单|訂單|发票|發票|凭证|憑證|单据|單據)(号|號|编号|編號)?|参考(凭证|单据|单号)|源单(号|编号)?",
                               re.IGNORECASE)


def cancelling_reference(frame: pd.DataFrame, headers: list[str], order_id: str, amounts: pd.Series,
                         marked: np.ndarray) -> tuple[str, int] | None:
    """The header of a column (:data:`_REFERENCE_HEADER`) that names, on most return lines of the sample that fill it
    (``marked`` by cleaning.returns_marked, or written negative), an order ID the file's other lines have (SAP's
    Reference Document on its cancellations S1, naming the invoices F2), and how many returns name one; None
    otherwise. Drafted as ``data.columns.cancels``."""
    returns = marked | (_signed_amounts(amounts) < 0)
    if returns.sum() < 2:
        return None
    orders = set(_cells(frame, order_id).astype("string").str.strip()[~returns].dropna())
    for header in headers:
        if header == order_id or header not in frame.columns or not _REFERENCE_HEADER.fullmatch(_norm(str(header))):
            continue
        cells = _cells(frame, header).astype("string").str.strip().replace("", pd.NA)[returns].dropna()
        named = int(cells.isin(orders).sum())
        if named >= 2 and named >= 0.8 * len(cells):
            return str(header), named
    return None


def sap_copies(frame: pd.DataFrame, drafted: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """The billing type columns of ``drafted`` (cleaning.exclude or returns_marked) whose values drafted are a client's
    copies of SAP's standard types (ZG2, ZS1 ...), each copy with the standard type it is read as (G2, S1), and the
    copies of an invoice (ZF2) the column holds beside them, the evidence: ``{header: {"ZG2": "G2", ..., "": "ZF2"}}``
    (the invoices under the key "")."""
    out = {}
    for header, values in drafted.items():
        if not _BILLING_TYPE_HEADER.search(str(header)) or header not in frame.columns:
            continue
        copies = {v: v[1:] for v in values if _SAP_COPY.fullmatch(v)}
        if copies:
            cells = _cells(frame, header).astype("string").str.strip()
            invoices = [v for v in cells.dropna().drop_duplicates() if _SAP_INVOICE_TYPES.fullmatch(v)
                        or (_SAP_COPY.fullmatch(v) and _SAP_INVOICE_TYPES.fullmatch(v[1:]))]
            out[str(header)] = {**copies, "": " / ".join(invoices[:3])}
    return out
_BILLING_TYPE_HEADER = re.compile(r"billing ?(doc(ument)?\.? ?)?type|bill\.? ?type|fakturaart|开票类型|開票類型|发票类型",
                                  re.IGNORECASE)
_DOCUMENT_TYPE_HEADER = re.compile(r"凭证类型|憑證類型|单据类型|單據類型|document ?type|doc\.? ?type|belegart",
                                   re.IGNORECASE)
#: A whole type value of a sales document (销售单, 销售出库单, Invoice, Sales Receipt; 销售 or 零售 alone, as 经营历程
#: writes them beside 收款 and 采购, review): a column naming one beside the others of :data:`_NOT_SALES` lists every
#: kind of document. A return (销售退货) is none: it is counted as a return, never left out.
_SALES_DOCUMENT = re.compile(r"(销售|銷售|销货|銷貨|零售|批发|批發)(出库|出庫|发货|發貨|开票|開票)?(单|單)?|"
                             # a pharmaceutical distributor's flow (流向): 纯销, its sales to hospitals and pharmacies,
                             # beside 调拨, stock moved to another distributor (QA cn: distributors graded, +13%)
                             r"(纯销|純銷)|"
                             r"(销售|銷售)?(发票|發票|出库单|出庫單|发货单|發貨單)|"
                             r"(sales )?invoices?|sales receipts?|sales( orders?)?|statement charges?|credit sales?|"
                             # PayPal's activity download: a buyer's payment received, beside General Withdrawal
                             r"(express checkout|website|mobile|pos|subscription|pre-?approved|recurring|shopping cart|"
                             r"virtual terminal|invoice|ebay auction) payment( received)?",
                             re.IGNORECASE)
#: Columns of how an order was paid or shipped, never of returns (payment_type: credit_card).
_NOT_DOCUMENT = re.compile(r"pay|支付|付款|收款|结算|結算|ship|deliver|配送|物流|zahlung|versand|liefer|pago|pagamento|paiement|"
                           r"betaal|verzend|env[ií]o|spedizione|exp[ée]dition|livraison|entrega")


#: The letters credit notes and returns are numbered with, apart from the invoices (CN-501, CRN0042, RMA-7 beside
#: INV-1001; 金蝶's XSTH-0001 销售退货单 beside XSCK-0001 销售出库单; not TH or THD, which 提货单, a delivery, starts with too).
_CREDIT_PREFIX = re.compile(r"cn|crn|cr|cred|credit|rma|rtn|xsth|xsthd", re.IGNORECASE)


def credit_note_prefixes(numbers: pd.Series, amounts: pd.Series) -> list[str]:
    """``["CN-*"]`` when an order-number column numbers some documents with a credit note's letters (CN-501)
    and the others with other letters or none (INV-1001), and the credit notes' amounts are mostly positive: an
    export that tells credits by their number alone, which summed as sales count them as revenue (QA: £69,804 of
    credit notes added to revenue). Empty otherwise."""
    text = numbers.astype("string").str.strip()
    prefix = text.str.extract(r"^([A-Za-z]{1,6}[-_/ ]?)\d", expand=False).str.upper()  # compared ignoring case
    letters = prefix.str.replace(r"[-_/ ]$", "", regex=True)
    credit = letters.fillna("").str.fullmatch(_CREDIT_PREFIX).fillna(False).to_numpy(dtype=bool)
    if not credit.any() or credit.mean() >= 0.5 or (~credit & text.notna().to_numpy()).sum() < credit.sum():
        return []
    money = _signed_amounts(amounts)
    if (money[credit] > 0).sum() <= (money[credit] < 0).sum():  # credits written negative: counted so already
        return []
    found = prefix[credit].value_counts()
    return [f"{p}*" for p in found.index if found[p] >= max(2, 0.1 * credit.sum())]


def _signed_amounts(cells: pd.Series) -> np.ndarray:
    """Money or quantity cells as numbers for their sign: written with a decimal point, else with a decimal comma
    (1.234,56 and 12,50- of a European export); NaN where neither reads."""
    from .clean import parse_amount

    text = cells.astype("string")
    found = parse_amount(text).to_numpy(dtype=float, copy=True)
    unread = np.isnan(found)
    if unread.any():
        found[unread] = parse_amount(text[unread], decimal=",").to_numpy(dtype=float)
    return found


def marked_returns(frame: pd.DataFrame, headers: list[str], amounts: pd.Series) -> dict[str, list[str]]:
    """Type columns (单据类型, Transaction Type) and remark columns (备注: a clerk writes 退货 on a hand-kept sheet's
    return) of the sample whose values name a return (销售退货, Return) on rows whose amount (or quantity) is mostly
    positive: the export marks returns by type or remark, not by sign."""
    money = _signed_amounts(amounts)
    out = {}
    for header in headers:
        named = _TYPE_HEADER.search(_norm(str(header))) or _REMARK_HEADER.search(str(header).strip())
        if not named or _NOT_DOCUMENT.search(_norm(str(header))):
            continue
        cells = _cells(frame, header).astype("string").str.strip()
        # a remark says more than the word: 退货3件, 退货(质量问题) (QA: counted as sales)
        test = _RETURN_REMARK if _REMARK_HEADER.search(str(header).strip()) else _RETURN
        # SAP's credit memos and cancellations (G2, RE, S1) beside its invoices (F2)
        # ... and the client's copies of them (ZG2, ZRE, ZS1) beside its invoices or their copies (ZF2)
        distinct = cells.dropna().drop_duplicates()
        read = dict(zip(distinct, sap_standard_types(distinct)))
        billing = bool(_BILLING_TYPE_HEADER.search(str(header))) and any(
            _SAP_INVOICE_TYPES.fullmatch(v) for v in read.values())
        sage = sage_audit_types(list(distinct), header)  # Sage 50's SC, a sales credit written positive as its SI are
        found = [v for v in distinct if v and (test.fullmatch(v) or (
            billing and _SAP_CREDIT_TYPES.fullmatch(read[v])) or (sage and v == "SC")) and not _NONE_TAIL.search(v)]
        rows = cells.isin(found).to_numpy()
        if found and (money[rows] > 0).sum() <= (money[rows] < 0).sum():
            # mostly negative together, yet a value mostly positive on its own: SAP's credit memos G2 written positive
            # beside more lines of its cancellations S1 written negative (1.000,50-) (review: G2 counted as sales)
            signs = {v: money[(cells == v).fillna(False).to_numpy(dtype=bool)] for v in found}
            found = [v for v in found if (signs[v] > 0).sum() > (signs[v] < 0).sum()]
        if found:
            out[str(header)] = found
    return out


#: A company's legal form written after its name and a comma (Acme, Inc.; Globex, LLC): no contact person (review rqa2).
_COMMA_LEGAL_FORM = re.compile(r"(inc|incorporated|llc|l\.l\.c|llp|lp|ltd|limited|co|corp|corporation|company|plc|pllc|"
                               r"gmbh|ag|kg|s\.?a|s\.?l|s\.?r\.?l|s\.?p\.?a|b\.?v|n\.?v|pty( ltd)?|p\.?c)\.?",
                               re.IGNORECASE)


def _contact_names(ids: pd.Series) -> list[str]:
    """Customers written alone and with a contact person after a comma (Odoo's ``Azure Interior`` beside ``Azure
    Interior, Brandon Freeman``: a company's contact, graded apart from it), as ``company / company, contact``; none
    unless two companies at least are written so (one person's ``Lee, Ann`` beside a customer ``Lee`` is chance)."""
    found = _contacts_by_company(ids)
    return [f"{company} / {written[0]}" for company, written in found.items()]


def _contacts_by_company(ids: pd.Series) -> dict[str, list[str]]:
    """Company -> each way :func:`_contact_names` finds it written with a contact person (distinct IDs, not lines)."""
    values = pd.unique(ids.dropna().astype(str))
    alone = set(values)
    found: dict[str, list[str]] = {}
    for value in values:
        company, comma, contact = value.partition(", ")
        if comma and contact.strip() and company in alone and not _COMMA_LEGAL_FORM.fullmatch(contact.strip()):
            found.setdefault(company, []).append(value)
    return found if len(found) >= 2 else {}


def _group_header_column(frame: pd.DataFrame) -> str | None:
    """The column without a header (``Unnamed: 0``) whose cells name a group on a row of its own, every other cell
    of that row empty, above rows that leave it empty (a report by customer: QuickBooks' Transaction List by
    Customer); None when there is none."""
    from .clean_sql import _is_total_label

    cells = {c: frame[c].astype("string").str.strip().replace("", pd.NA) for c in frame.columns if c != SOURCE_ROW}
    for column, values in cells.items():
        if not str(column).startswith("Unnamed: "):
            continue
        others = [v for c, v in cells.items() if c != column]
        if not others:
            return None
        alone = values.notna() & pd.concat(others, axis=1).isna().all(axis=1)
        below = values.isna() & pd.concat(others, axis=1).notna().sum(axis=1).ge(2)
        labels = values.notna() & _is_total_label(values.fillna("")).to_numpy(dtype=bool)  # Total for Acme Corp
        # most of its cells (its total lines aside) are such heading rows, a few distinct groups, each above rows of
        # its own
        if alone.sum() >= 2 and alone.sum() >= 0.8 * (values.notna() & ~labels).sum() \
                and below.sum() >= 2 * alone.sum() and values[alone].nunique() >= 2:
            return str(column)
    return None


#: Words of a line naming a payment received (收款, 回款, 收到货款, 银行存款; Payment, Receipt, Bank): in a debit/credit
#: pair, a credit that is no return.
_PAYMENT_WORDS = re.compile(r"收款|收款单|回款|收到|收回|银行|銀行|汇款|匯款|转账|轉賬|承兑|承兌|汇票|匯票|现金|現金|核销|核銷|预收|預收|"
                            r"\b(?:payments?|receipts?|received|paid|remittance|bank|cash|cheques?|checks?|transfer|"
                            r"settle(?:d|ment)?|deposits?|wire)\b", re.IGNORECASE)
#: Words of a line naming a return or a credit note (退货, 红字, 折让, 冲销; Credit Note, Return, Allowance).
_RETURN_WORDS = re.compile(r"退货|退貨|退回|退款|红字|紅字|红冲|紅沖|冲销|沖銷|冲红|折让|折讓|销售折扣|"
                           r"credit\s*(?:note|memo)|\b(?:returns?|returned|refunds?|refunded|allowances?|rebates?)\b",
                           re.IGNORECASE)
#: A whole cell of a line carrying a balance forward, no sale (期初余额, 上年结转, 承前页, Opening balance, Balance b/f),
#: or carrying it on at the period's end (期末余额, 结转下年, Closing balance: QA cn, a statement's 期末余额 lines set
#: aside as amounts not readable).
_OPENING = re.compile(r"\s*(期初余额|期初餘額|期初|年初余额|上年结转|上年結轉|上期结转|上期結轉|承前页|承前頁|过次页|過次頁|"
                      r"期末余额|期末餘額|期末|年末余额|年末餘額|结转下年|結轉下年|结转下期|結轉下期|"
                      r"opening\s+balance|balance\s+(b/?f|brought\s+forward)|brought\s+forward|b/?f|"
                      r"closing\s+balance|balance\s+(c/?f|carried\s+forward)|carried\s+forward|c/?f)\s*", re.IGNORECASE)
#: The name or title of an accounts-receivable ledger or a customer statement (应收账款明细账, 往来对账单, Debtors
#: Ledger, Statement): its credit side is mostly payments received.
_RECEIVABLE = re.compile(r"应收|應收|往来|往來|对账|對賬|账龄|賬齡|receivable|statement|debtors?|customer\s*ledger|"
                         r"sales\s*ledger", re.IGNORECASE)
#: The name or title of a revenue account (主营业务收入明细账, Revenue account): a sale is its credit.
_REVENUE_ACCOUNT = re.compile(r"主营业务收入|主營業務收入|营业收入|營業收入|收入明细|收入明細|revenue|income\s*account",
                              re.IGNORECASE)
#: A running balance (余额, Balance) or a direction (方向: 借 / 贷): the columns of an account's ledger.
_BALANCE_HEADER = re.compile(r"余额|餘額|^方向$|balance", re.IGNORECASE)


def _line_text(frame: pd.DataFrame, headers: list[str]) -> pd.Series:
    """The cells of ``headers`` on each row, joined by spaces (empty cells left out)."""
    if not headers:
        return pd.Series("", index=frame.index, dtype="string")
    cells = [frame[h].astype("string").fillna("").str.strip() for h in headers]
    return cells[0].str.cat(cells[1:], sep=" ") if len(cells) > 1 else cells[0]


def _credit_side(frame: pd.DataFrame, columns: dict, headers: list[str], names: list[str],
                 exclude: dict[str, list[str]]) -> tuple[bool, tuple[str, str, str], Note, dict[str, list[str]]]:
    """How ``kit init`` reads a debit/credit pair (``columns`` maps amount to the debit, credit to the credit):
    whether to keep ``credit`` (debit minus credit: the credit lines are credit notes, returns), the comment on the
    line it is said on, a note for the terminal, and the values of a column (摘要: 收款, 银行收款) leaving out the
    payment lines when the credit side holds both payments and returns (:func:`_payment_values`).

    The credit lines of the sample (those ``exclude`` does not leave out already: Payment in a type column) are read
    by the words of their other cells and their document numbers: a payment received (收款, 回款, Payment, Bank) is
    no return, and netted it would take the customer's payments off its purchases (an accounts-receivable ledger,
    应收账款明细账, where a sale is a debit and a receipt a credit). With payments among them, or a file named or
    titled as a receivable ledger or a statement (or with a running balance) and no return among them, the credit
    is left out: revenue is the debit side. Otherwise the credit is netted, and the comment says what decides it."""
    debit, credit = columns["amount"], columns["credit"]
    figures = _signed_amounts(_cells(frame, credit))
    rows = pd.Series(~np.isnan(figures) & (figures != 0), index=frame.index)
    # a statement's 本月合计 lines sum both sides: no credit line of their own (QA cn: counted among the payments)
    rows &= _order_rows(frame, [h for h in headers if h in frame.columns], [*_names(debit), *_names(credit)])
    written = rows.copy()
    left = []  # the columns and values of cleaning.exclude that leave credit lines out (Payment in Type)
    for header, values in exclude.items():  # Payment rows a type column leaves out already
        if header in frame.columns:
            cells = frame[header].astype("string").str.strip()
            hit = cells.str.lower().isin([v.lower() for v in values]).fillna(False) & rows
            if hit.any():
                left.append(f"{' / '.join(cells[hit].drop_duplicates().head(3))} in {header}")
            rows &= ~hit
    if left:  # said, so that the consultant sees why the payments are not netted
        n_left = int((written & ~rows).sum())
        left_en = f" ({n_left:,} payment lines, {'; '.join(left)}, are left out by cleaning.exclude)"
        left_zh = f"（另有 {n_left:,} 行收款，{'；'.join(left)}，已由 cleaning.exclude 排除）"
    else:
        left_en = left_zh = ""
    mapped = {h for v in columns.values() for h in _names(v)}  # the words of the other cells (摘要), not a balance
    words = [h for h in headers if h not in mapped and h in frame.columns and not _BALANCE_HEADER.search(_norm(str(h)))]
    text = _line_text(frame.loc[rows], words)
    paid = text.str.contains(_PAYMENT_WORDS).fillna(False)
    returned = text.str.contains(_RETURN_WORDS).fillna(False)
    order = columns.get("order_id")
    if isinstance(order, str) and order in frame.columns:  # CN-501, CRN0042 beside INV-1001: credit notes
        letters = frame.loc[rows, order].astype("string").str.strip().str.extract(
            r"^([A-Za-z]{1,6})[-_/ ]?\d", expand=False)
        returned |= letters.fillna("").str.fullmatch(_CREDIT_PREFIX).fillna(False)
    n, n_paid, n_returned = int(rows.sum()), int(paid.sum()), int((returned & ~paid).sum())
    shown = text  # examples with their document numbers (CN000013 Goods)
    if isinstance(order, str) and order in frame.columns:
        shown = _line_text(frame.loc[rows], [order, *words]).str.strip()
    shown_paid = " / ".join(shown[paid].drop_duplicates().head(3).str.slice(0, 30))
    shown_returned = " / ".join(shown[returned & ~paid].drop_duplicates().head(3).str.slice(0, 30))
    receivable = next((x for x in names if _RECEIVABLE.search(str(x))), None) or next(
        (h for h in headers if _BALANCE_HEADER.search(_norm(str(h)))), None)
    revenue = next((x for x in names if _REVENUE_ACCOUNT.search(str(x))), None)
    if revenue is not None:  # 主营业务收入: sales are credits, the debits returns and the closing entries (结转)
        en = (f"{revenue!r} names a revenue account, where a sale is a credit: check which side holds the sales; if "
              f"it is {credit!r}, map amount: {credit!r} and credit: {debit!r}, and leave the closing entries (结转) out "
              f"with cleaning.exclude")
        zh = (f"{revenue!r} 像是收入类科目的明细账，销售记在贷方：请核对销售在哪一方；如在 {credit!r}，请改为 amount: "
              f"{credit!r}、credit: {debit!r}，并用 cleaning.exclude 排除期末结转")
        return True, ("credit", en, zh), Note(f"a debit/credit pair ({debit!r}, {credit!r}): " + en,
                                              f"借方/贷方两列（{debit!r}、{credit!r}）：" + zh), {}
    if n_paid and n_returned and (paying := _payment_values(frame, rows, paid, returned, words)):
        # a statement's 本期收款 holding returns (销售退货, 退货退款) beside payments (QA cn): the returns netted, the
        # payments left out by their 摘要, rather than every credit taken for a payment and the returns not netted
        header, values = paying
        en = (f"debit minus credit: of the sample's {n:,} credit lines, {n_returned:,} read as returns or credit notes "
              f"({shown_returned}), netted, and {n_paid:,} as payments received ({shown_paid}), no return: "
              f"cleaning.exclude leaves those out by {header} ({', '.join(values)}); a payment line written otherwise "
              f"would be netted as a return, so check the {header} values of the credit lines")
        zh = (f"借方减贷方：样本 {n:,} 行贷方中有 {n_returned:,} 行是退货或红字（{shown_returned}），冲减销售；{n_paid:,} 行是"
              f"收款（{shown_paid}），不是退货：已起草 cleaning.exclude 按 {header}（{'、'.join(values)}）排除；"
              f"{header} 写法不同的收款行会被当作退货冲减，请核对贷方各行的 {header}")
        return True, ("credit", en, zh), Note(f"a debit/credit pair ({debit!r}, {credit!r}): " + en,
                                              f"借方/贷方两列（{debit!r}、{credit!r}）：" + zh), {header: values}
    if n_paid or (receivable is not None and not n_returned):
        why = (f"{n_paid:,} of the sample's {n:,} credit lines read as payments received ({shown_paid})" if n_paid else
               f"{receivable!r} marks an accounts-receivable ledger or statement, whose credit side is payments "
               f"received")
        zh_why = (f"样本 {n:,} 行贷方中有 {n_paid:,} 行是收款（{shown_paid}）" if n_paid else
                  f"{receivable!r} 表明这是应收账款明细账或对账单，贷方多为收款")
        more = (f"; {n_returned:,} credit lines read as returns or credit notes ({shown_returned}) and are not "
                f"netted: decide whether to (rename payment to credit, and leave the payment lines out with "
                f"cleaning.exclude)" if n_returned else "; a return written on the debit side in red (negative) is netted")
        zh_more = (f"；另有 {n_returned:,} 行贷方是退货或红字（{shown_returned}），未冲减：请决定是否冲减（把 payment 改为 "
                   f"credit，并用 cleaning.exclude 排除收款行）" if n_returned else "；借方的红字（负数）按退货冲减")
        en = (f"payments received, no sale: {why}, and a payment is no return, so revenue is the debit side "
              f"{debit!r} and the payment lines are set aside as such{more}")
        zh = f"收款，不是销售：{zh_why}；收款不是退货，销售额取借方 {debit!r}，收款行单列{zh_more}"
        return False, ("payment", en, zh), Note(f"a debit/credit pair ({debit!r}, {credit!r}): " + en,
                                               f"借方/贷方两列（{debit!r}、{credit!r}）：" + zh), {}
    if n_returned:
        en = (f"debit minus credit: {n_returned:,} of the sample's {n:,} credit lines read as credit notes or returns "
              f"({shown_returned}), none as a payment{left_en}; if some are payments received, leave them out with "
              f"cleaning.exclude")
        zh = (f"借方减贷方：样本 {n:,} 行贷方中有 {n_returned:,} 行是退货或红字（{shown_returned}），没有收款{left_zh}；"
              f"如有收款，请用 cleaning.exclude 排除")
    else:
        en = ("debit minus credit: the credit lines are taken as credit notes (returns), as nothing in the file names "
              "them; if they are payments received (a receivable ledger), write payment instead of credit: revenue "
              "is then the debit side, and the payment lines are set aside")
        zh = ("借方减贷方：文件中没有说明贷方是什么，按退货（红字、折让）冲减；如贷方是收款（应收账款明细账），请把 credit "
              "改为 payment：销售额取借方，收款行单列")
    negative, positive = int((figures[rows.to_numpy()] < 0).sum()), int((figures[rows.to_numpy()] > 0).sum())
    if negative and not positive:  # every credit written as a negative number: the run reads each as its size
        en += (f"; all {negative:,} of its figures are negative: credits written as negative numbers, so the run "
               f"reads each as its size (debit − |credit|) when the whole column holds no figure above 0, and says so")
        zh += (f"；其中 {negative:,} 个数全部为负：贷方写成了负数，运行时如整列没有大于 0 的贷方，按绝对值扣减（借方 − |贷方|），"
               f"并给出提示")
    elif negative > positive:  # credits mostly negative, some positive: a negative one is read as written
        en += (f"; but {negative:,} of its {n:,} figures are negative, and a credit is subtracted as written (a "
               f"negative one adds to the debit): check how the export signs its credits")
        zh += f"；但其中 {negative:,} 个数为负，贷方按所写的符号扣减（负数反而加到借方上）：请核对导出文件中贷方的正负写法"
    return True, ("credit", en, zh), Note(f"a debit/credit pair ({debit!r}, {credit!r}): " + en,
                                          f"借方/贷方两列（{debit!r}、{credit!r}）：" + zh), {}


def _payment_values(frame: pd.DataFrame, rows: pd.Series, paid: pd.Series, returned: pd.Series,
                    words: list[str]) -> tuple[str, list[str]] | None:
    """The column of ``words`` (摘要) and its few whole values (收款, 银行收款) that every payment line of the credit
    side (``rows``, those of them ``paid``) is written with and no other line of ``frame`` is (a return, a sale, a
    balance): what cleaning.exclude can leave the payments out by. Each value reads as a payment (not a voucher's
    number, 记-30, unique in the sample only: review rcn). None when no column tells them so."""
    paying = paid & ~returned
    for header in words:
        cells = frame[header].astype("string").str.strip()
        mine = cells[paying[paying].index]
        values = list(mine.drop_duplicates())
        if mine.isna().any() or "" in values or len(values) > _PAYMENT_VALUES:
            continue
        if not mine.str.contains(_PAYMENT_WORDS).all():  # 记-30, a voucher's number: no payment's, whatever it names
            continue
        others = cells.drop(index=paying[paying].index)
        if not others.isin(values).fillna(False).any():
            return header, values
    return None


#: The most values of a column cleaning.exclude is drafted with to leave out a credit side's payment lines.
_PAYMENT_VALUES = 6


def opening_balances(frame: pd.DataFrame, headers: list[str], columns: dict) -> dict[str, list[str]]:
    """Columns not mapped (摘要, Description) and their whole values that carry a balance forward (期初余额, 上年结转,
    Opening balance: :data:`_OPENING`), in a ledger with a debit and a credit column: no sale, to leave out."""
    mapped = {h for v in columns.values() for h in _names(v)}
    out = {}
    for header in headers:
        if header in mapped or header not in frame.columns:
            continue
        values = frame[header].astype("string").str.strip().dropna().drop_duplicates()
        found = [v for v in values if v and _OPENING.fullmatch(v)]
        if found:
            out[str(header)] = found
    return out


#: Sage 50's transaction types (its audit trail, a customer's activity): SI a sales invoice, SC a sales credit, SR
#: a receipt, SA a receipt on account, SD a settlement discount, SP a payment (refund) to a customer; the purchase,
#: bank, cash and journal types beside them in a whole audit trail.
_SAGE_TYPES = frozenset({"SI", "SC", "SR", "SA", "SD", "SP", "PI", "PC", "PR", "PP", "PA", "BP", "BR", "CP", "CR", "VP",
                         "VR", "JD", "JC"})


def sage_audit_types(values: list, header=None) -> bool:
    """Whether the distinct ``values`` of a type column are Sage 50's transaction types, a sales invoice SI among them
    (QA: its receipts SR counted as sales, its credits SC, written positive, too); with its ``header``, only in a
    column named as Sage's is (Type), not a Partner Type of SI and SP (review: service providers' sales drafted out)."""
    if header is not None and not _SAGE_TYPE_HEADER.fullmatch(_norm(str(header))):
        return False
    written = {str(v).strip() for v in values if v is not None and str(v).strip()}
    return "SI" in written and written <= _SAGE_TYPES


#: The header of Sage 50's transaction types: Type (its audit trail, a customer's activity), Tran Type.
_SAGE_TYPE_HEADER = re.compile(r"(tran(s|saction)?\.? )?type")


def non_sales_documents(frame: pd.DataFrame, headers: list[str]) -> dict[str, list[str]]:
    """Type columns (单据类型, Transaction Type) of the sample and their values naming documents that are no sale (收款单,
    进货单, 费用单; Payment, Bill, Estimate: :data:`_NOT_SALES`), in the order they first appear, when the column names
    a sales document too (销售单, Invoice: :data:`_SALES_DOCUMENT`): an export of every kind of document, whose others
    would count as sales."""
    out = {}
    for header in headers:
        if not _TYPE_HEADER.search(_norm(str(header))) or _NOT_DOCUMENT.search(_norm(str(header))):
            continue
        cells = _cells(frame, header).astype("string").str.strip()
        values = [v for v in cells.dropna().drop_duplicates() if v and len(v) <= 30]
        sap = bool(_DOCUMENT_TYPE_HEADER.search(str(header)))
        billing = bool(_BILLING_TYPE_HEADER.search(str(header)))
        read = dict(zip(values, sap_standard_types(pd.Series(values, dtype="string")))) if billing else {}
        # pro forma invoices bill nothing (F5, F8, and the client's copies ZF5 beside its invoices F2 or ZF2)
        if billing and any(_SAP_INVOICE_TYPES.fullmatch(v) for v in read.values()):
            pro_forma = [v for v in values if _SAP_PRO_FORMA.fullmatch(read[v])]
            if pro_forma:
                out[str(header)] = pro_forma
            continue
        if sage_audit_types(values, header):  # Sage 50's receipts, payments on account, discounts and refunds paid
            if rest := [v for v in values if v not in ("SI", "SC")]:  # (invoices and credits alone: nothing out)
                out[str(header)] = rest
            continue
        found = [v for v in values if _NOT_SALES.fullmatch(v) or (sap and _SAP_NOT_SALES.fullmatch(v))]
        # beside a sales document: a type column of 现金 / 转账 (how it was paid) or 商品 / 费用 is no such list (review)
        if found and any(_SALES_DOCUMENT.fullmatch(v) or (sap and _SAP_SALES.fullmatch(v)) for v in values):
            out[str(header)] = found
    return out


def negative_quantity_returns(frame: pd.DataFrame, columns: dict) -> tuple[str, int] | None:
    """The quantity's header and how many sample rows have a negative quantity and a positive amount, when the
    amount is a column of its own and some rows are so: returns written in red (U8's 红字 lines, -5 units for
    ¥450.00), whose amount counts as a sale unless ``cleaning.returns_marked`` takes the quantity's sign
    (``数量: ["<0"]``), as when most positive amounts are (a stock movement's outflow). None otherwise."""
    quantity, amount = columns.get("quantity"), columns.get("amount")
    if not isinstance(quantity, str) or not isinstance(amount, str) or quantity == amount:
        return None
    units = _signed_amounts(_cells(frame, quantity))
    money = _signed_amounts(_cells(frame, amount))
    red = int(((units < 0) & (money > 0)).sum())
    # most sales written so (a stock movement's outflow) is the export's way of writing them, not returns
    return (quantity, red) if red and red < 0.5 * int((money > 0).sum()) else None


#: A remark column (备注, 说明, Remarks, Note): a clerk writes 作废 there when an order is cancelled.
_REMARK_HEADER = re.compile(r"(备注|備註|说明|說明|remarks?|notes?|comments?|memo)$", re.IGNORECASE)
#: What a clerk writes after the word in a remark: a reason in brackets or after a dash or colon (作废（客户取消）,
#: 作废-客户取消), or a quantity of goods (退货3件; not 退货2次). Not another clause after a comma (取消，改送货地址: what
#: was cancelled is unsaid), nor 重开 (re-issued): see :data:`_CANCELLED_REMARK`.
_REMARK_TAIL = (r"(\s*[(（【\[][^)）】\]]{0,30}[)）】\]]|\s*[-—－:：]\s*.{0,30}|"
                r"\s*\d+\s*(件|箱|盒|瓶|支|袋|包|个|個|只|台|套|张|張|本|罐|桶|片|粒|条|條|双|雙|对|對|副|把|提|板|卷|吨|噸|"
                r"公斤|千克|斤|kg|pcs?)?)?")
#: A remark's tail saying none: 退货:无, 作废：否 (review: drafted as a return).
_NONE_TAIL = re.compile(r"[-—－:：,，、;；]\s*(无|無|否|没有|沒有|none|no|n/?a)\s*$", re.IGNORECASE)
#: A remark that is a cancellation (作废, 已作废, 此单作废, 作废-客户取消, void): 作废重开 (re-issued) is an order that
#: counts, and a remark naming a re-issue is not drafted (said in a note instead).
_CANCELLED_REMARK = re.compile(r"((此|本|该|該|整)单|订单|訂單|客户|客戶)?(已)?(作废|作廢|取消|撤销|撤銷)(订单|訂單)?"
                               + _REMARK_TAIL + r"|无效|無效|void(ed)?|cancell?ed", re.IGNORECASE)
#: A remark that is a return: the word, then a reason or a quantity (退货3件, 退货(质量问题)).
_RETURN_REMARK = re.compile(f"(?:{_RETURN.pattern}){_REMARK_TAIL}", re.IGNORECASE)


def shared_orders(tables: Sequence[pd.DataFrame], header, date=None) -> int:
    """How many order IDs (``header``: the order ID's name or names) two or more of ``tables`` hold, on the same day
    when ``date`` (the order date's header or headers) is given: exports of one set of orders that overlap, where a
    later one may correct an order (QA: 3 amended orders counted twice). A returns sheet naming its sales' order IDs
    on the days of the returns is no such export (review)."""
    from .clean import parse_date

    def keys(table: pd.DataFrame) -> set:
        # without leading zeros, as cleaning.overlap: latest compares them: a re-export saved by Excel writes SAP's
        # order 0090000002 as 90000002 (review)
        ids = _cells(table, header).astype("string").str.strip().str.lstrip("0")
        if date is not None and any(h in table.columns for h in _names(date)):
            days = parse_date(_cells(table, date)).dt.strftime("%Y-%m-%d").astype("string")
            ids = ids + "|" + days
        return set(ids.dropna()) - {""}

    seen = [keys(t) for t in tables if any(h in t.columns for h in _names(header))]
    counts = pd.Series([i for ids in seen for i in ids], dtype="string").value_counts()
    return int((counts > 1).sum())


def _cancels(status: str) -> bool:
    """Whether a status value names a cancelled, void or refunded order: one of its clauses does, unqualified
    (Pinduoduo's 未发货，退款成功 is refunded: 未 qualifies the shipping, not the refund; 没有申请退款 is no refund).

    A refund refused stands, told in one clause (退款失败) or in the clause after a refund word alone (退款，已拒绝;
    Refund / Declined), not across clauses (退款成功，交易关闭 is refunded, review); a clause that is a qualifier
    alone qualifies the whole status (Refunded, partially; Refund / Pending)."""
    parts = [part.strip() for part in re.split(r"[，,;；/|、]|\s[-–—]\s", status) if part.strip()]
    if any(_BARE_QUALIFIER.fullmatch(part) for part in parts):
        return False
    for part, after in zip(parts, [*parts[1:], ""]):
        if _REFUND_REFUSED.search(part) or (_BARE_REFUND.fullmatch(part) and _REFUND_REFUSED.search(f"{part} {after}")):
            return False
    return any(_CANCELLED.search(part) and not _NOT_CANCELLED.search(part) for part in parts)


#: A status word of goods come back (Returned, 已退货), among :data:`_CANCELLED`'s.
_RETURNED = re.compile(r"returned|已退货|已退貨|退货成功|退貨成功|退货完成|退貨完成", re.IGNORECASE)

#: An event log's (a web shop's clickstream: event_type, behavior_type, action) event of a purchase, whole ...
_PURCHASE_EVENT = re.compile(r"purchase[ds]?|buy|bought|order(ed|_placed| placed)?|checkout|transaction|sale|"
                             r"购买|购买成功|下单|成交|支付|付款", re.IGNORECASE)
#: ... of which a step before the payment, when a payment is logged too (checkout then purchase; 下单 then 支付: the
#: one sale logged twice, review).
_BEFORE_PAYMENT = re.compile(r"checkout|order(ed|_placed| placed)?|下单", re.IGNORECASE)
#: ... and of browsing: a view, a click, a basket or a wish list changed (view, pv, cart, remove_from_cart, fav).
_BROWSE_EVENT = re.compile(r"(page[\s_-]*)?views?|pv|uv|click(s|ed)?|impressions?|search(es)?|"
                           r"(add(ed)?[\s_-]*to[\s_-]*|remove(d)?[\s_-]*from[\s_-]*)?(cart|basket|wish[\s_-]*list)|"
                           r"fav(ou?rite)?s?|like[ds]?|session[\s_-]*start|login|visit|"
                           # Google Analytics 4's ecommerce events before the purchase
                           r"view[\s_-]*(items?|item[\s_-]*list|cart|promotion|product|category)|"
                           r"select[\s_-]*(item|promotion|content)|begin[\s_-]*checkout|"
                           r"add[\s_-]*(payment|shipping)[\s_-]*info|first[\s_-]*visit|user[\s_-]*engagement|scroll|"
                           r"浏览|瀏覽|点击|點擊|加购|加購|加入购物车|收藏|搜索", re.IGNORECASE)


def browsing_events(frame: pd.DataFrame, headers: list[str]) -> dict[str, list[str]]:
    """Event columns of a clickstream (event_type: view / cart / remove_from_cart / purchase; behavior_type: pv /
    fav / cart / buy) and their values other than a purchase, in the order they first appear: every row of such a
    log is an event, and only a purchase is a sale (QA: views and carts counted at the product's price, revenue 17
    times the purchases'). A column whose values, two to twelve, are all events, a purchase among them beside a
    browsing one."""
    out = {}
    for header in headers:
        cells = _cells(frame, header).astype("string").str.strip()
        values = [v for v in cells.dropna().drop_duplicates().head(13) if v]
        if not 2 <= len(values) <= 12:
            continue
        bought = [v for v in values if _PURCHASE_EVENT.fullmatch(v)]
        if any(not _BEFORE_PAYMENT.fullmatch(v) for v in bought):  # checkout beside purchase: one sale, counted once
            bought = [v for v in bought if not _BEFORE_PAYMENT.fullmatch(v)]
        others = [v for v in values if v not in bought]
        if bought and any(_BROWSE_EVENT.fullmatch(v) for v in others) and all(
                _BROWSE_EVENT.fullmatch(v) or _BEFORE_PAYMENT.fullmatch(v) for v in others):
            out[str(header)] = others
    return out


#: A header naming an event log's browsing session (REES46's user_session, GA's session_id, sessionId).
_SESSION_HEADER = re.compile(r"(user[\s_-]*|ga[\s_-]*)?session([\s_-]*(id|key|uuid))?", re.IGNORECASE)


def _session_column(frame: pd.DataFrame, headers: list[str], columns: dict, exclude: dict[str, list[str]]) -> str | None:
    """The session column of an event log (:func:`browsing_events`, its views drafted into ``exclude``) with no order
    ID: a header naming a session (user_session), each session one customer's on nine rows in ten of its purchases or
    more, and filled on nearly every purchase; else None."""
    events = [h for h in browsing_events(frame, headers) if h in exclude]
    customer = columns.get("customer_id")
    if not events or not isinstance(customer, str) or customer not in frame or customer in events:
        return None  # the event column taken for the customer (every purchase 'purchase'): no session to tell
    bought = ~_excluded_rows(frame, {h: exclude[h] for h in events})
    mapped = {h for v in columns.values() for h in ([v] if isinstance(v, str) else v)}
    for header in headers:
        if header in mapped or not _SESSION_HEADER.fullmatch(_norm(str(header))):
            continue
        sessions = _cells(frame, header).astype("string").str.strip().replace("", pd.NA)[bought]
        if len(sessions) and sessions.notna().mean() >= 0.95 and \
                _gives(sessions, _cells(frame, customer).astype("string").str.strip()[bought]) and \
                not _sessions_span_days(sessions, frame, columns.get("order_date")):
            return str(header)
    return None


def _sessions_span_days(sessions: pd.Series, frame: pd.DataFrame, date) -> bool:
    """Whether a fifth or more of the ``sessions`` (a session column's cells on purchase rows, by index) with two
    dated purchases or more have them over a day apart: an ID a user keeps over days or weeks (an app's login
    session, a device's), not a browsing session's one checkout (review: each customer's month drafted as one
    order). A session running past midnight is on two days, one apart."""
    from .clean import parse_dates_with_format

    if not isinstance(date, str) or date not in frame:
        return False
    cells = frame.loc[sessions.index, date].astype("string").str.strip()
    days = parse_dates_with_format(cells, _date_format(cells)[0]).dt.normalize()
    both = pd.DataFrame({"session": sessions, "day": days}).dropna()
    spans = both.groupby("session")["day"].agg(["min", "max", "size"])
    spans = spans[spans["size"] >= 2]
    return bool(len(spans)) and bool(((spans["max"] - spans["min"]) > pd.Timedelta(days=1)).mean() >= 0.2)


def only_browsing_events(exclude: dict[str, list[str]]) -> bool:
    """Whether every value ``cleaning.exclude`` lists is a clickstream's event before a sale (view, cart, checkout;
    :func:`browsing_events`' others), so that the lines left out are events, not order lines."""
    values = [str(v).strip() for values in exclude.values() for v in values]
    return bool(values) and all(_BROWSE_EVENT.fullmatch(v) or _BEFORE_PAYMENT.fullmatch(v) for v in values)


#: A column flagging void documents (ERP exports' 作废标志 是/否, 是否作废, Void, Cancelled Y/N).
_VOID_FLAG_HEADER = re.compile(r"作废|作廢|已删除|删除标[志记]|^void(ed)?\b|^(is )?cancell?ed\b|^deleted\b",
                               re.IGNORECASE)
#: A yes in a flag column.
_YES = re.compile(r"是|√|✓|✔|y|yes|true|1|x", re.IGNORECASE)
#: The columns of a Stripe charge saying whether its money was taken (paid, captured: an authorisation not captured,
#: or a charge that failed, is no sale), read so only beside ``captured``: a B2B ledger's Paid or 是否收款 says
#: whether an invoice was collected yet, and an invoice not collected is a sale all the same (review: revenue 58% low)
_PAID_FLAGS = ("paid", "captured")
_NO = re.compile(r"false", re.IGNORECASE)
#: A void document named so in a flag column (金蝶云星空's 作废状态 已作废 beside 未作废 or 正常; QA: not drafted, the voided
#: orders counted, revenue 3.7% high).
_VOIDED = re.compile(r"(已)?(作废|作廢)|void(ed)?|(已)?(删除|刪除)|deleted|cancell?ed", re.IGNORECASE)
#: A column of a document's approval (ERP exports' 审核状态, 审核标志, Approval Status).
_APPROVAL_HEADER = re.compile(r"审核|審核|审批|審批|approv", re.IGNORECASE)
#: A document saved but not approved (未审核, 待审核, 审核中, Unapproved, Draft): a draft, not a sale yet.
_UNAPPROVED = re.compile(r"(未|待|不)(审核|審核|审批|審批)|审核中|審核中|审批中|否|n|no|unapproved|not approved|"
                         r"draft|pending( approval)?|awaiting approval", re.IGNORECASE)
#: A document status, whole, of a document final in an ERP or a sales app (金蝶云星空's 单据状态 已审核; Odoo's sale
#: order Status Sales Order, Locked, Done): beside it, :data:`_DOC_DRAFT`'s are no sale yet.
_DOC_FINAL = re.compile(r"(已)?(审核|審核)|审核通过|審核通過|approved|sales order|locked|done|销售订单|銷售訂單",
                        re.IGNORECASE)
#: A document status, whole, of a document not final beside :data:`_DOC_FINAL`'s: 金蝶云星空's 暂存 (saved), 创建
#: (created), 审核中 (in approval), 重新审核 (approval withdrawn to change it: no longer approved); Odoo's Quotation
#: and Quotation Sent (QA: both counted as sales, 金蝶 revenue 9.7% high, Odoo's 15% high).
_DOC_DRAFT = re.compile(r"暂存|暫存|创建|創建|新建|审核中|審核中|重新审核|重新審核|(未|待)(审核|審核)|"
                        r"(draft )?quotation( sent)?|quote( sent)?|报价单|報價單|报价|報價", re.IGNORECASE)
#: Of :data:`_DOC_DRAFT`'s, a quotation's: no sale under any status column but a refund's or a shipment's.
_QUOTE_STATUS = re.compile(r"(draft )?quotation( sent)?|quote( sent)?|报价单|報價單|报价|報價", re.IGNORECASE)
#: A document's own status (金蝶云星空's 单据状态, a bare 状态), where :data:`_DOC_DRAFT`'s ERP words (创建, 审核中,
#: 待审核) name a draft; an order's 订单状态 (a shop ERP's 待审核: a paid order not checked yet), an after-sales 售后状态
#: or a refund's (审核中: a return request under review) is another's, the sale standing (review rqa2: drafted out).
_DOC_STATUS_HEADER = re.compile(r"(单据|單據)?(状态|狀態)|(document |doc ?)?status")


#: A remark naming goods given rather than sold: 赠品, 赠送, 样品, 试用, 免费, a sample, free of charge.
_FREE_GOODS = re.compile(r"(赠品|赠送|贈品|贈送|样品|樣品|样机|樣機|试用|試用|免费|免費|sample|free( of charge)?|foc|gift)"
                         r"(\s*[(（][^)）]{0,20}[)）])?", re.IGNORECASE)


def free_goods_remarks(frame: pd.DataFrame, headers: list[str], columns: dict) -> dict[str, list[str]]:
    """Remark columns (备注) and their values naming goods given, 赠品 or 样品, on lines of a positive amount: whether
    such a line is revenue (a gift charged into the order, goods invoiced at their value) or none (a free gift
    written at its value) the sheet cannot say, so :func:`draft` says so and offers their exclusion commented out
    (QA hand: counted as sales, unsaid)."""
    from .clean import parse_amount

    money = columns.get("amount")
    if not isinstance(money, str) or money not in frame.columns:
        return {}
    positive = (parse_amount(_cells(frame, money).astype("string")) > 0).fillna(False).to_numpy(dtype=bool)
    out = {}
    for header in headers:
        if not _REMARK_HEADER.search(str(header).strip()) or header in columns.values():
            continue
        cells = _cells(frame, header).astype("string").str.strip()
        found = cells[positive & cells.str.fullmatch(_FREE_GOODS.pattern, case=False).fillna(False).to_numpy(dtype=bool)]
        if len(found):
            out[str(header)] = list(found.drop_duplicates())[:10]
    return out


def reissued_remarks(frame: pd.DataFrame, headers: list[str]) -> dict[str, list[str]]:
    """Remark columns (备注) and their values naming a void re-issued (作废重开, 作废（重开XS01234）), which
    :func:`cancelled_statuses` does not draft: said in a note, so the consultant decides (QA: counted unsaid)."""
    out = {}
    for header in headers:
        if not _REMARK_HEADER.search(str(header).strip()):
            continue
        cells = _cells(frame, header).astype("string").str.strip()
        values = [v for v in cells.dropna().drop_duplicates() if v and len(v) <= 30
                  and re.search(r"重开|重開", v) and re.search(r"作废|作廢|取消", v)]
        if values:
            out[str(header)] = values
    return out


def closed_statuses(frame: pd.DataFrame, headers: list[str]) -> dict[str, list[str]]:
    """Status columns (单据状态, 关闭状态) of the sample and their values naming a document closed alone (关闭, 已关闭:
    :data:`_CLOSED`), in the order they first appear: not drafted into cleaning.exclude (in an ERP a closed document is
    a finished sale), said in a note so that the consultant leaves them out when they are an online shop's cancelled
    orders; not when most rows are closed (金蝶's 关闭状态 已关闭: delivered in full), as cancellations never are."""
    out = {}
    for header in headers:
        name = _norm(str(header))
        if not _STATUS_HEADER.search(name) or _VOID_FLAG_HEADER.search(name) or _APPROVAL_HEADER.search(name):
            continue
        cells = _cells(frame, header).astype("string").str.strip()
        if cells.dropna().str.fullmatch(_SHOP_STATUS.pattern).any():  # a shop's: its closed orders are drafted out
            continue
        found = [v for v in cells.dropna().drop_duplicates() if v and _CLOSED.fullmatch(v)]
        if found and cells.isin(found).mean() <= 0.5:  # most orders closed (金蝶's 关闭状态 已关闭): delivered, unsaid
            out[str(header)] = found
    return out


#: A CRM's pipeline stage column (Salesforce's Stage, HubSpot's Deal Stage, 商机阶段): only a deal won is a sale.
_STAGE_HEADER = re.compile(r"(stage|stage name|stagename|deal stage|dealstage|opportunity stage|pipeline stage|"
                           r"sales stage|阶段|商机阶段|销售阶段|阶段名称)$")
#: A stage value, whole, of a deal won (Closed Won, closedwon, Won, 赢单, 已成交).
_WON_STAGE = re.compile(r"(closed[\s_-]*)?won|(已)?赢单|(已)?成交", re.IGNORECASE)
#: ... and of a deal lost: beside a deal won, a status column (Dynamics 365's Status: Open, Won, Lost) is a stage.
_LOST_STAGE = re.compile(r"(closed[\s_-]*)?lost|(已)?输单|(已)?丢单", re.IGNORECASE)
#: ... and of a deal still open, as a status column of deals writes it (Dynamics 365's Open): with won and lost, the
#: only words of a status column that is a stage.
_OPEN_STAGE = re.compile(r"open|in[\s_-]*progress|打开|打開|进行中|進行中|跟进中|跟進中|未成交", re.IGNORECASE)
#: A value, whole, of an order fulfilled or paid (已完成, Delivered, Invoiced): a sale, never a deal lost or open, in a
#: stage column too (QA: an order export's 订单状态 已完成 / 已成交 / 丢单 drafted 已完成, 90% of revenue, as no sale).
_FULFILLED = re.compile(r"(已|订单|訂單|交易)?(完成|成功|发货|發貨|签收|簽收|送达|送達|收货|收貨|付款|支付|开票|開票|结算|結算)|"
                        r"(order[\s_-]*)?(completed?|complete|delivered|shipped|fulfill?ed|paid|invoiced|billed|"
                        r"closed[\s_-]*paid)", re.IGNORECASE)


def lost_and_open_stages(frame: pd.DataFrame, headers: list[str]) -> dict[str, list[str]]:
    """Pipeline stage columns (Stage beside Closed Won) and their values that are no deal won (Closed Lost,
    Prospecting, Negotiation/Review ...), in the order they first appear: an opportunity export lists deals lost
    and still open beside those won, and only the won ones are revenue (QA: Closed Lost and open deals counted,
    revenue 2.5 times the won deals')."""
    out = {}
    for header in headers:
        stage = bool(_STAGE_HEADER.search(_norm(str(header))))
        if not stage and not _STATUS_HEADER.search(_norm(str(header))):
            continue
        cells = _cells(frame, header).astype("string").str.strip()
        values = [v for v in cells.dropna().drop_duplicates() if v]
        won = [v for v in values if _WON_STAGE.fullmatch(v)]
        others = [v for v in values if v not in won and not _FULFILLED.fullmatch(v)]  # 已完成, Invoiced: sales
        # a status column is a stage only in a stage's words alone (Open / Won / Lost): an order's 订单状态 of 已完成 /
        # 已成交 / 丢单, or Delivered / Won / Lost, is an order's status, its cancellations drafted as any status's
        pipeline = stage or (any(_LOST_STAGE.fullmatch(v) for v in others)
                             and all(_LOST_STAGE.fullmatch(v) or _OPEN_STAGE.fullmatch(v) or _cancels(v)
                                     for v in others)
                             and len(won) + len(others) == len(values))
        if won and others and pipeline:
            out[str(header)] = others
    return out


def _marked_rows(frame: pd.DataFrame, marked: dict[str, list[str]]) -> np.ndarray:
    """Which rows of ``frame`` the drafted ``cleaning.returns_marked`` counts as returns: a value listed, trimmed, in
    any case; a prefix (``XSTH*``); a number below 0 (``<0``)."""
    from .clean_sql import SIGN_VALUE

    out = np.zeros(len(frame), dtype=bool)
    for header, values in marked.items():
        if not any(h in frame.columns for h in _names(header)):
            continue
        cells = _cells(frame, header).astype("string").str.strip()
        lower = cells.str.lower()
        for value in values:
            if value == SIGN_VALUE:
                out |= _signed_amounts(cells) < 0
            elif value.endswith("*"):
                out |= lower.str.startswith(value[:-1].lower()).fillna(False).to_numpy(dtype=bool)
            else:
                out |= (lower == value.lower()).fillna(False).to_numpy(dtype=bool)
    return out


def _excluded_rows(frame: pd.DataFrame, exclude: dict[str, list[str]]) -> np.ndarray:
    """Which rows of ``frame`` the drafted ``cleaning.exclude`` leaves out (a value listed, trimmed, in any case)."""
    out = np.zeros(len(frame), dtype=bool)
    for header, values in exclude.items():
        cells = _cells(frame, header).astype("string").str.strip().str.lower()
        out |= cells.isin([v.lower() for v in values]).fillna(False).to_numpy(dtype=bool)
    return out


#: A row of a month-column ledger giving another figure than the sales (回款额, 销售目标, 毛利, 应收余额): no purchase.
_NOT_SALES_MEASURE = re.compile(r"回款|收款|到账|回笼|已收|应收|未收|余额|欠款|目标|计划|任务|预算|指标|毛利|利润|成本|费用|"
                                r"数量|销量|件数|箱数|完成率|占比|增长")
#: A row of such a ledger giving the sales (销售额, 销售收入, 发货金额, 合计 below them): the rows the others stand beside.
_SALES_MEASURE = re.compile(r"(?i)销售|销额|营业额|收入|发货|出货|开票|金额|业绩|实绩|实际|合\s*计|小\s*计|sales|revenue")


def wide_measures(frame: pd.DataFrame, headers: list, columns: dict) -> dict[str, list[str]]:
    """Columns of a ledger with a column per month, not mapped, writing on each customer's rows what figure the row
    holds (项目: 销售额 / 回款额): the column and its values naming another figure than sales, when some other value
    is left to be the sales (QA: 回款额 rows read as purchases beside 销售额, revenue 71% too high without a word)."""
    from .wide import AMOUNT, MONTH, SHEET_ROW, month_of

    mapped = {h for v in columns.values() for h in ([v] if isinstance(v, str) else v)}
    out: dict[str, list[str]] = {}
    for header in headers:
        if header in mapped or header in (SOURCE_ROW, MONTH, AMOUNT, SHEET_ROW) or header not in frame.columns \
                or month_of(header) is not None:
            continue
        values = [str(v).strip() for v in pd.unique(frame[header].dropna()) if isinstance(v, str) and str(v).strip()]
        if not 2 <= len(values) <= 12:
            continue
        other = [v for v in values if _NOT_SALES_MEASURE.search(v)]
        kept = [v for v in values if v not in other]
        # the rest name the sales (销售额), as a row per figure does; a remark (已收款 beside 新客户), a customer's
        # type (目标客户 beside 老客户) or a category (成本价商品 beside 正价商品) is no figure: its rows are sales
        if other and kept and all(_SALES_MEASURE.search(v) for v in kept):
            out[header] = other
    return out


def refunded_returns(frame: pd.DataFrame, headers: list[str], refund,
                     amount=None) -> dict[str, tuple[list[str], int, int]]:
    """Status columns whose values of goods come back or refunded (Returned, Refunded, 已退货, 退款成功) mark rows
    most of which carry a refund, each value's rows judged apart, in the ``refund`` column (its header, when mapped: Shopify's Refunded Amount):
    header -> (those values, their rows with a refund, their rows without one). Such a line is netted, its amount less
    its refund (a partial refund keeping the rest), not left out whole by :func:`cancelled_statuses`. Not when most
    of those refunds are above the line's ``amount`` (its header, when mapped): an amount already net of its refund
    (0.00 beside 80.00 refunded) would count the refund off the customer's other purchases (review)."""
    from .clean import parse_amount

    if refund is None or not any(n in frame.columns for n in _names(refund)):
        return {}
    refunded = parse_amount(_cells(frame, refund).astype("string").str.strip()).fillna(0).abs()
    refunds = refunded.gt(0).to_numpy()
    beyond = np.zeros(len(frame), dtype=bool)  # a refund above the line's amount: the amount is net of it already
    if amount is not None and any(n in frame.columns for n in _names(amount)):
        money = parse_amount(_cells(frame, amount).astype("string").str.strip())
        beyond = (refunded > money.abs() + 0.005).fillna(False).to_numpy(dtype=bool)
    out = {}
    for header in headers:
        if header in _names(refund) or not _STATUS_HEADER.search(_norm(str(header))):
            continue
        cells = _cells(frame, header).astype("string").str.strip()
        values = [v for v in cells.dropna().drop_duplicates() if v and len(v) <= 30 and _cancels(v)
                  and (_RETURNED.search(v) or re.search(r"refund|退款", v, re.IGNORECASE))
                  and not re.search(r"cancel|void|取消|作废|作廢", v, re.IGNORECASE)]
        # each value on its own rows: Returned of no refund beside Refunded each with one stays left out (review)
        each = {v: (cells == v).fillna(False).to_numpy(dtype=bool) for v in values}
        values = [v for v in values if refunds[each[v]].mean() > 0.5 and not beyond[each[v] & refunds].mean() > 0.5]
        rows = cells.isin(values).fillna(False).to_numpy(dtype=bool)
        if values and rows.any():
            out[str(header)] = (values, int((rows & refunds).sum()), int((rows & ~refunds).sum()))
    return out


def cancelled_statuses(frame: pd.DataFrame, headers: list[str], *, amount=None,
                       quantity=None, refund=None, returns: dict | None = None) -> dict[str, list[str]]:
    """Status columns (订单状态, order_status) of the sample and their values that name a cancelled, void or refunded
    order (已取消, canceled) or one not paid (pending, 等待买家付款), in the order they first appear; and remark
    columns (备注) whose cell is a cancellation alone (作废, 已作废), where hand-kept ledgers note one; and a CRM's
    stage column's values other than a deal won (:func:`lost_and_open_stages`); and an event log's events other
    than a purchase (:func:`browsing_events`).

    A status of goods come back (Returned, 已退货) is drafted only when most of its rows' ``amount`` or ``quantity``
    (their headers, when mapped) is positive: the sale's own line, marked returned; written negative (-49.90, or a
    quantity of -1 at a price: review, the return lines left out and their sales counted), the line is the return
    itself, netted against the sale. Nor when most of its rows carry a refund in the ``refund`` column (its header,
    when mapped): the refund nets the line (:func:`refunded_returns`; ``returns``: its answer for the same
    ``frame``, ``headers``, ``refund`` and ``amount``, when the caller has it already)."""
    out = lost_and_open_stages(frame, headers)
    if returns is None:
        returns = refunded_returns(frame, headers, refund, amount)
    netted = {h: set(v) for h, (v, _, _) in returns.items()}
    for header, values in browsing_events(frame, headers).items():
        out.setdefault(header, values)
    signs = [_signed_amounts(_cells(frame, h)) for h in (amount, quantity)
             if h is not None and any(n in frame.columns for n in _names(h))]
    # a line written as a return: its amount or its quantity below 0
    money = np.where(np.logical_or.reduce([s < 0 for s in signs]), -1.0, 1.0) if signs else None
    stripe = "captured" in {_norm(str(h)) for h in headers}
    for header in headers:
        name = _norm(str(header))
        if header in out:
            continue
        # a voucher cancelled where its party is written, (cancelled) without an amount (Tally's registers and Day
        # Book): no sale (QA: set aside as amounts missing, the run stopped over 5%)
        cells = _cells(frame, header).astype("string").str.strip()
        voided = [] if _STATUS_HEADER.search(name) or _REMARK_HEADER.search(name) else \
            [v for v in cells.dropna().drop_duplicates() if _VOIDED_ENTRY.fullmatch(v)]
        if voided and cells.isin(voided).mean() <= 0.5:
            out[str(header)] = voided
            continue
        paid = stripe and name in _PAID_FLAGS  # Stripe's captured false: an authorisation, no money taken
        void = bool(_VOID_FLAG_HEADER.search(name))
        if paid or void or _APPROVAL_HEADER.search(name):  # 作废标志 是/否; 审核状态 未审核
            cells = _cells(frame, header).astype("string").str.strip()
            values = [v for v in cells.dropna().drop_duplicates() if v and len(v) <= 20]
            marked = [v for v in values if (_NO.fullmatch(v) if paid else
                                            (_YES.fullmatch(v) or _VOIDED.fullmatch(v)) if void else
                                            _UNAPPROVED.fullmatch(v))]
            if void and name in ("canceled", "cancelled") and "C" in values and set(values) <= {"Y", "N", "C"}:
                # SAP Business One's CANCELED: Y the invoice cancelled, C the document cancelling it, written positive
                # as the invoice is (QA: C counted as a sale, each cancelled invoice counted once still)
                marked = [*marked, "C"]
            flags = not paid or all(_NO.fullmatch(v) or _YES.fullmatch(v) for v in values)  # paid: true/false only
            if marked and flags and cells.isin(marked).mean() <= 0.5:
                out[str(header)] = marked
            continue
        status = bool(_STATUS_HEADER.search(name))
        if not status and not _REMARK_HEADER.search(name):
            continue
        payment = status and not _NOT_PAYMENT_STATUS.search(str(header))  # a refund's pending is no unpaid order
        cells = _cells(frame, header).astype("string").str.strip()
        # a status, not a sentence (Stripe's requires_payment_method is 23 letters; Mercado Libre's statuses are
        # short sentences: Devolución finalizada. Te dimos el dinero. is 42, QA: counted as a sale)
        values = [v for v in cells.dropna().drop_duplicates() if v and len(v) <= (60 if status else 30)]
        shop = status and any(_SHOP_STATUS.fullmatch(v) for v in values)  # 有赞's 已关闭: an order cancelled
        cancelled = [v for v in values if (shop and _CLOSED.fullmatch(v))
                     or (_cancels(v) if status else _CANCELLED_REMARK.fullmatch(v)
                         and not re.search(r"重开|重開", v) and not _NONE_TAIL.search(v))]
        unpaid = unapproved_or_unpaid(values) if payment else []
        # 已审核 beside 创建 / 重新审核, Sales Order beside Quotation: documents not final, no sale
        document = bool(_DOC_STATUS_HEADER.fullmatch(name))
        drafts = [v for v in values if _DOC_DRAFT.fullmatch(v) and (document or (
            _QUOTE_STATUS.fullmatch(v) and not _NOT_PAYMENT_STATUS.search(str(header))
            and not re.search(r"售后|售後|after.?sales?", name)))] \
            if status and any(_DOC_FINAL.fullmatch(v) for v in values) else []
        # most orders cancelled (or not paid: a shop taking cash on delivery) is no status to leave rows out by:
        # not drafted, each kind on its own
        kept = {v for kind in (cancelled, unpaid, drafts) if kind and cells.isin(kind).mean() <= 0.5 for v in kind}
        if money is not None:  # a return line written negative (status Returned, -49.90) is netted, not left out
            kept = {v for v in kept if not (_RETURNED.search(v) and not _CANCELLED.search(_RETURNED.sub("", v))
                                            and (money[(cells == v).fillna(False).to_numpy(dtype=bool)] < 0).mean()
                                            > 0.5)}
        kept -= netted.get(str(header), set())  # Returned with Refunded Amount: line less refund, not left out
        if kept:
            out[str(header)] = [v for v in values if v in kept]
    return out


#: A starting service plan per drafted Pareto tier (highest first): summary, actions, channel, visits, hours.
_PLAN = {
    "zh": (("A类客户", "专属客户经理，定期上门拜访", "[专属客户经理, 季度业务回顾, 优先供货与账期]", "上门拜访", 2, 2),
           ("B类客户", "定期电话回访，推介新品", "[每月电话回访, 新品推介]", "电话", 1, 0.5),
           ("C类客户", "线上触达，低成本维护", "[邮件/微信推送产品信息, 促销活动通知]", "邮件/微信", 0.25, 0.25)),
    "en": (("A", "a dedicated account manager and regular visits",
            "[dedicated account manager, quarterly business review, priority supply]", "visits", 2, 2),
           ("B", "a call every month and new products", "[monthly call, new product briefings]", "phone", 1, 0.5),
           ("C", "low-cost reach online", "[e-mail product news, promotions]", "e-mail", 0.25, 0.25)),
}


def _service_plan_lines(zh: bool) -> list[str]:
    """A commented service plan for the drafted tiers: uncommented and adapted, the report lists each tier's
    plan with the monthly workload (visits x hours x customers)."""
    lines = ["# service_plan:      # " + ("每级客户的服务方案：去掉 # 并按客户实际修改，报告即列出各级方案与每月工作量" if zh else
                                      "what each tier gets: remove the # and adapt it, and the report lists each "
                                      "tier's plan with the monthly workload"),
             "#                     # " + ("各级名称须与 grading.value.labels 一致：改用金额门槛分级时，也改这里的名称" if zh else
                                      "the tier names are those of grading.value.labels: switching to thresholds, "
                                      "rename them here too")]
    for tier, summary, actions, channel, visits, hours in _PLAN["zh" if zh else "en"]:
        lines += [f"#   {tier}:", f"#     summary: {summary}", f"#     actions: {actions}", f"#     channel: {channel}",
                  f"#     visits_per_month: {visits:g}", f"#     hours_per_visit: {hours:g}"]
    return lines


#: Characters two spellings of one customer ID may differ in, as :data:`kit.clean.ID_VARIANT_KEY` drops them
#: (RE2's \s is ASCII whitespace).
_ID_VARIANT_DROP = re.compile(r"[\t\n\f\r \u3000\-_./()（）]+")
#: A company's legal form at the end of its name, which a name may be written with or without
_LEGAL_FORM = re.compile(r"(股份)?有限(责任)?公司$")
#: The 省, 市 or 自治区 after a province or city a name starts with, or the 县 of its county, as
#: :data:`kit.clean.PLACE_SUFFIX` (上海市第一人民医院 / 上海第一人民医院; not 新城市广场 / 新城广场)
_PLACE_SUFFIX = re.compile(PLACE_SUFFIX)


def _kept_said(header: str, kept: list[str], *, zh: bool) -> str:
    """The status values left counting as sales beside a drafted exclusion, named for the consultant (the note and the
    params line say it alike)."""
    shown = " / ".join(kept)
    return (f"{header} 的其他值（{shown}）按销售计入，如有不是销售的，请补入列表" if zh else
            f"the other values of {header} ({shown}) count as sales; add any that is none to the list")


def _padded_codes(variants: list[str], customers: int) -> bool:
    """Whether the ID groups are one export's codes padded with zeros to one width (SAP's 0000100787) and another's
    without (100787), for half the customers or more: one customer each (QA: every customer of a year graded
    twice)."""
    if not variants or len(variants) < 0.5 * customers:
        return False
    groups = [group.split(" / ") for group in variants]
    widths = {max(len(v) for v in group) for group in groups}
    return len(widths) == 1 and all(len(group) == 2 and len({v.lstrip("0") for v in group}) == 1
                                    and any(v.startswith("0") for v in group) for group in groups)


def id_variant_groups(ids: pd.Series) -> list[str]:
    """Customer IDs of ``ids`` that look like one customer written two or more ways, a group per item
    (``"00123 / 123"``), as :func:`kit.clean.id_variants` groups them."""
    distinct = pd.Series(ids.dropna().unique(), dtype=object)
    if distinct.empty:
        return []
    from .clean import DOTTED_CODE, DOTTED_FIGURES, HIERARCHICAL_ID

    keys = distinct.map(lambda v: str(v) if "@" in str(v) else
                        re.sub(r"(^|[.])0+([0-9])", r"\1\2", str(v)) if re.fullmatch(HIERARCHICAL_ID, str(v)) else
                        _LEGAL_FORM.sub("", _PLACE_SUFFIX.sub(PLACE_KEPT, _ID_VARIANT_DROP.sub("", str(v)))).upper().lstrip("0"))
    # 0102003 beside 01.02.003: the same figures without the dots, when one code in levels has them
    levels = distinct.map(lambda v: bool(re.fullmatch(DOTTED_CODE, str(v)))
                          and len(str(v).replace(".", "")) >= DOTTED_FIGURES).to_numpy(dtype=bool)
    undotted = pd.Series(distinct[levels].map(lambda v: str(v).replace(".", "").lstrip("0")).to_numpy(),
                         index=keys[levels].to_numpy())
    unique = undotted.groupby(undotted.to_numpy()).agg(lambda keys_of: set(keys_of.index))
    dotted = {figures: next(iter(found)) for figures, found in unique.items() if len(found) == 1}
    plain = ~distinct.map(lambda v: bool(re.fullmatch(HIERARCHICAL_ID, str(v)))).to_numpy(dtype=bool)
    keys = keys.where(~plain, keys.map(lambda key: dotted.get(key, key)))
    groups = distinct.groupby(keys.to_numpy()).agg(lambda values: sorted(values))
    found = sorted(g for g in groups if len(g) > 1)
    return [" / ".join(g) for g in found]
