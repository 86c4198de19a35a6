"""Words of the report and charts in Chinese and English.

One table of keys; :func:`t` looks a key up for a language. Keep sentences
whole (with ``{placeholders}``) so that each language can order its words.
Words that agree with a count are written ``{count|one|other}``: ``one`` when
the value of ``count`` reads 1, else ``other`` (``{n} {n|customer brings|customers bring}``).
"""

from __future__ import annotations

import re

#: ``{count|one|other}``: the words for a count of one, and for any other count
_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")

_TEXT: dict[str, dict[str, str]] = {
    "cover_what_if": {"zh": "假设分析：本次运行改动了参数文件中的 {n} 项设置（{changes}），报告中的分级按改动后的设置。",
                      "en": "What-if: this run changed {n} {n|setting|settings} of the params file ({changes}); "
                            "the grading follows {n|it|them}."},
    # a --set of the what-if line as a consultant reads it: the key in words, then its value (kit.report.setting_said)
    "setting_said": {"zh": "{setting}：{value}", "en": "{setting}: {value}"},
    "setting_removed": {"zh": "不再设置", "en": "removed"},
    "setting_default": {"zh": "{value}（默认）", "en": "{value} (the default)"},
    "setting_months": {"zh": "{n} 个月", "en": "{n} {n|month|months}"},
    "setting_days": {"zh": "{n} 天", "en": "{n} {n|day|days}"},
    "setting_yes": {"zh": "是", "en": "yes"}, "setting_no": {"zh": "否", "en": "no"},
    "setting:period.months": {"zh": "分级期间长度", "en": "length of the grading window"},
    "setting:period.as_of": {"zh": "分级期间截止日", "en": "end of the grading window"},
    "setting:grading.value.method": {"zh": "价值分级方法", "en": "value grading method"},
    "setting:grading.value.thresholds": {"zh": "价值分级阈值", "en": "value tier thresholds"},
    "setting:grading.value.cuts": {"zh": "价值分级的累计采购额占比分界", "en": "value tiers' cuts of cumulative revenue"},
    "setting:grading.value.shares": {"zh": "价值分级各级客户数占比", "en": "value tiers' shares of customers"},
    "setting:grading.value.labels": {"zh": "价值分级名称（从低到高）", "en": "value tier names (lowest first)"},
    "setting:grading.frequency.ties": {"zh": "频次分级中订单数相同的客户", "en": "frequency tiers' customers of equal counts"},
    "setting:grading.potential.ties": {"zh": "潜力分级中数值相同的客户", "en": "potential tiers' customers of equal values"},
    "setting:grading.frequency.by": {"zh": "频次分级依据", "en": "frequency tiers counted by"},
    "setting:grading.frequency.thresholds": {"zh": "频次分级阈值", "en": "frequency tier thresholds"},
    "setting:grading.loyalty.loyal_max_recency_days": {"zh": "忠诚客户距最近采购至多", "en": "loyal customers' last purchase at most"},
    "setting:grading.loyalty.lost_min_recency_days": {"zh": "流失客户距最近采购至少", "en": "lost customers' last purchase at least"},
    "setting:grading.loyalty.loyal_min_repurchase": {"zh": "忠诚客户的复购率至少", "en": "loyal customers' repurchase rate at least"},
    "setting:grading.lifecycle.new_days": {"zh": "新客户的首次采购在期末前", "en": "new customers' first purchase within"},
    "setting:grading.lifecycle.at_risk_days": {"zh": "有流失风险的客户距最近采购超过", "en": "at-risk customers' last purchase over"},
    "setting:grading.lifecycle.churn_days": {"zh": "已流失客户距最近采购超过", "en": "churned customers' last purchase over"},
    "setting:grading.sensitivity_step": {"zh": "阈值敏感性的调整幅度", "en": "step of the threshold sensitivity"},
    "setting:cleaning.returns": {"zh": "退货", "en": "returns"},
    "setting:cleaning.duplicates": {"zh": "完全重复的行", "en": "exact duplicate rows"},
    "setting:cleaning.blank_ids": {"zh": "无客户编码的行", "en": "lines without a customer ID"},
    "setting:cleaning.max_set_aside_share": {"zh": "可单列的订单行至多占", "en": "most lines that may be set aside"},
    "setting:language": {"zh": "报告语言", "en": "report language"},
    "setting:currency": {"zh": "币种", "en": "currency"},
    "setting:title": {"zh": "报告标题", "en": "report title"},
    "setting:client": {"zh": "客户名称", "en": "client"},
    "setting:data.path": {"zh": "数据文件", "en": "data file"},
    "setting=grading.value.method=thresholds": {"zh": "按采购额的绝对阈值", "en": "absolute thresholds on revenue"},
    "setting=grading.value.method=pareto": {"zh": "按累计采购额占比（帕累托 ABC）", "en": "cumulative share of revenue (Pareto ABC)"},
    "setting=grading.value.method=shares": {"zh": "按客户数占比", "en": "shares of customers ranked by revenue"},
    "setting=grading.value.method=quantiles": {"zh": "按分位数（人数相等的组）", "en": "quantiles (groups of equal size)"},
    "setting=ties=together": {"zh": "同级", "en": "kept in one tier"},
    "setting=ties=split": {"zh": "按客户编码拆分，各级人数相等", "en": "split by customer ID into tiers of equal size"},
    "setting=grading.frequency.by=orders": {"zh": "订单数", "en": "orders"},
    "setting=grading.frequency.by=active_months": {"zh": "有采购的月数", "en": "months with purchases"},
    "setting=cleaning.returns=net": {"zh": "冲减客户采购额", "en": "netted against the customer"},
    "setting=cleaning.returns=drop": {"zh": "剔除", "en": "dropped"},
    "setting=cleaning.returns=set_aside": {"zh": "单独列出，不计入分级", "en": "set aside, not graded"},
    "setting=cleaning.duplicates=auto": {"zh": "有订单号时剔除，无订单号时保留", "en": "dropped with an order ID, kept without"},
    "setting=cleaning.duplicates=drop": {"zh": "剔除", "en": "dropped"},
    "setting=cleaning.duplicates=keep": {"zh": "保留", "en": "kept"},
    "setting=cleaning.blank_ids=set_aside": {"zh": "单独列出，不计入分级", "en": "set aside, not graded"},
    "setting=cleaning.blank_ids=name": {"zh": "按客户名称计入分级", "en": "graded under the customer's name"},
    "setting=language=zh": {"zh": "中文", "en": "Chinese"},
    "setting=language=en": {"zh": "英文", "en": "English"},
    "cover_prepared_for": {"zh": "客户：{client}", "en": "Prepared for {client}"},
    "cover_window": {"zh": "分级期间：{start} 至 {end}（{months} 个月）",
                     "en": "Grading window: {start} to {end} ({months} {months|month|months})"},
    "cover_run": {"zh": "生成日期：{date}", "en": "Run date: {date}"},
    "cover_currency": {"zh": "金额单位：{name}（{code}）", "en": "Amounts in {name} ({code})"},
    "h_summary": {"zh": "核心发现", "en": "Key findings"},
    "h_method": {"zh": "方法与参数", "en": "Method and parameters"},
    "h_tiers": {"zh": "客户分级结果", "en": "Tiers"},
    "h_plan": {"zh": "分级服务方案", "en": "Service plan by tier"},
    "top_intro": {"zh": "每一级采购额最高的 {n} 家客户；在较低的级别中，他们也是最接近升级的客户。",
                  "en": "The {n} largest customers of each tier; in the lower tiers, they are also the nearest to "
                        "moving up."},
    "top_workbook": {"zh": "全部 {n} 家客户的级别与各项指标（可按级别筛选）见 Excel 工作簿 {file}，它随本报告一同交付，"
                           "与本报告在同一文件夹中。",
                     "en": "Every customer's tiers and figures ({n} {n|customer|customers}, to filter by tier) are in "
                           "the Excel workbook {file}, delivered with this report in the same folder."},
    # the workbook's rows go to each tier's largest first, then from the highest tier down (kit.report._largest_by_tier):
    # not the largest customers overall (review: "采购额最高的 100 家客户" listed 88 of the 100 largest)
    "top_workbook_capped": {"zh": "Excel 工作簿 {file} 列出 {shown} 家客户的级别与各项指标：每一级先列出采购额最高的客户，"
                                  "余下的按级别从高到低列满；全部 {n} 家见 grades.csv；两者随本报告一同交付，与本报告在同一文件夹中。",
                            "en": "The Excel workbook {file} lists the tiers and figures of {shown} "
                                  "{shown|customer|customers}: each tier's largest first, then the rows left filled "
                                  "from the highest tier down; all {n} are in grades.csv, both delivered with this "
                                  "report in the same folder."},
    "h_top": {"zh": "各级采购额最高的客户", "en": "Largest customers of each tier"},
    "h_appendix": {"zh": "附录：数据质量与可复现信息", "en": "Appendix: data quality and reproducibility"},
    "s_customers": {
        "zh": "本期（{start} 至 {end}）共有 {customers} 家客户发生采购，采购总额 {revenue}。",
        "en": "{customers} {customers|customer|customers} bought in the window {start} to {end}, for a total of {revenue}.",
    },
    "s_customers_returns": {
        "zh": "本期（{start} 至 {end}）共有 {customers} 家客户有采购或退货，净采购额 {revenue}。",
        "en": "{customers} {customers|customer|customers} bought or returned goods in the window {start} to {end}, for a "
              "net total of {revenue}.",
    },
    "s_pareto": {
        "zh": "采购额最高的 {n} 家客户（占客户数的 {cshare}）贡献了 {share} 的采购额。",
        "en": "The top {n} {n|customer|customers} by revenue ({cshare} of customers) {n|brings|bring} {share} of revenue.",
    },
    "s_top_tier": {
        "zh": "{n} 家{tier}贡献了 {share} 的采购额，占客户数的 {cshare}。",
        "en": "{n} {tier} {n|customer brings|customers bring} {share} of revenue while being {cshare} of customers.",
    },
    "s_top_empty": {
        "zh": "没有客户达到{tier}的标准，最高一级为{next}。",
        "en": "No customer reaches {tier}; the highest tier reached is {next}.",
    },
    "s_tier_empty": {
        "zh": "没有客户落入{tier}。",
        "en": "No customer falls in {tier}.",
    },
    "s_growth_hidden": {"zh": "上一期间覆盖不到一半，较上期增长不予列出。",
                        "en": " With under half of it covered, the table leaves growth out."},
    "s_ungraded": {"zh": "注意：读取的订单行金额中有 {share}（{money}）无法使用（{reasons}），不在上述分级数据之内；明细见 quarantine.csv。",
                   "en": ("Note: {money}, {share} of the amount read on order lines, could not be used ({reasons}) "
                          "and is not in the figures above; quarantine.csv lists those lines.")},
    "s_potential_partial": {"zh": "潜力分级所依据的增长率同样只对比了部分上期，请谨慎解读。",
                            "en": " The potential tiers rest on that growth too: read them with the same care."},
    "s_partial_previous": {
        "zh": "注意：数据始于 {first}，上一期间（{start} 至 {end}）只覆盖约 {covered} 个月（共 {months} 个月），"
              "上期采购额偏低，较上期增长与级别迁移（新客户、升级）因此偏高，仅供参考。",
        "en": "Note: the data starts on {first}, so only about {covered} of the {months} {months|month|months} of the previous "
              "window ({start} to {end}) are covered; previous revenue is understated, and growth and tier moves "
              "(new customers, upgrades) are overstated: read them with care.",
    },
    "s_no_previous": {
        "zh": "数据中没有上期（{start} 至 {end}）的订单，因此本次不比较级别迁移。",
        "en": "The data has no orders in the previous window ({start} to {end}), so tier migration is not compared.",
    },
    "s_bottom_tier": {
        "zh": "{tier}共 {n} 家，占客户数的 {cshare}，但仅贡献 {share} 的采购额。",
        "en": "{n} {tier} {n|customer is|customers are} {cshare} of customers but {n|brings|bring} only {share} of revenue.",
    },
    "s_returners": {
        "zh": "{n} 家客户本期退货多于采购（净额 {amount}），计入{tiers}，不计入客户数与采购额的占比。",
        "en": "{n} {n|customer|customers} returned more than they bought in the window ({amount}); graded {tiers}, "
              "they are left out of the shares of customers and revenue.",
    },
    "m_returners": {
        "zh": "客户数与采购额的占比（分级结果表、核心发现与帕累托曲线）均以本期净采购额不为负的客户为基数；"
              "退货多于采购的 {n} 家客户（净额 {amount}）计入{tiers}，在分级结果表中单列，不计入占比。",
        "en": "Shares of customers and of revenue (the tier table, the key findings and the Pareto curve) are of "
              "the customers whose net purchases in the window are not negative; the {n} {n|customer who|customers "
              "who} returned more than they bought ({amount}) {n|is|are} graded {tiers}, shown apart in the tier "
              "table and left out of the shares.",
    },
    "row_returners": {"zh": "退货多于采购的客户（计入{tiers}，不计入占比）",
                      "en": "Returned more than bought (graded {tiers}; not in the shares)"},
    "m_window": {
        "zh": "分级期间为截至 {as_of} 的 {months} 个完整自然月（{start} 至 {end}），{amounts}。",
        "en": "The window is the {months} whole calendar {months|month|months} up to {as_of} ({start} to {end}); {amounts}.",
    },
    "m_window_before": {
        "zh": "分级期间为 {as_of} 所在月（尚不完整，未计入）之前的 {months} 个完整自然月（{start} 至 {end}），{amounts}。",
        "en": ("The window is the {months} whole calendar {months|month|months} ({start} to {end}) before the month "
               "of {as_of}, which is not whole; {amounts}."),
    },
    "m_amounts_net_refund": {"zh": "金额为期间内净采购额（退货已冲减，退款列 {column} 已扣除）",
                             "en": "amounts are net purchases in the window (returns netted, and the refunds of "
                                   "column {column} subtracted)"},
    "m_amounts_discount": {"zh": "；折扣列 {column} 已从各行金额中扣除",
                           "en": "; the discounts of column {column} are subtracted from each line"},
    "m_amounts_discount_rate": {"zh": "；各行金额 = 数量 x 单价 x (1 - 折扣率)，折扣率取自 {column} 列",
                                "en": "; each line's amount is quantity x unit price x (1 - the discount rate of "
                                      "column {column})"},
    "m_amounts_discount_percent": {"zh": "；各行金额 = 数量 x 单价 x (1 - 折扣率 / 100)，折扣率取自 {column} 列（整数百分比，15 即 15%）",
                                   "en": "; each line's amount is quantity x unit price x (1 - the discount rate of "
                                         "column {column} / 100), a whole percentage (15 for 15%)"},
    "m_amounts_payment": {"zh": "；收款列 {column} 不计入采购额",
                          "en": "; the payments received of column {column} are not counted as purchases"},
    "m_amounts_credit": {"zh": "；各行金额为借方列 {debit} 减贷方列 {credit}",
                         "en": "; each line's amount is its debit (column {debit}) less its credit (column {credit})"},
    "m_amounts_net": {"zh": "金额为期间内净采购额（退货已冲减）", "en": "amounts are net purchases in the window (returns netted)"},
    "m_amounts_gross": {"zh": "金额为期间内采购额（退货未计入）",
                        "en": "amounts are purchases in the window (returns not counted)"},
    "m_amounts_gross_refund": {"zh": "金额为期间内采购额（退货未计入，全额退款的行也是退货；部分退款已按退款列 {column} 扣除）",
                               "en": "amounts are purchases in the window (returns not counted, lines refunded whole "
                                     "among them; partial refunds of column {column} subtracted)"},
    "m_thresholds_months": {
        "zh": "阈值比较的是 {months} 个月的采购额，而非一年的：若阈值是按年采购额定的，{months} 个月对应的阈值按 {months}/12 "
              "约为 {scaled}。",
        "en": "The thresholds are compared with {months} {months|month|months} of revenue, not a year's: thresholds "
              "set on yearly revenue correspond, scaled by {months}/12, to {scaled}.",
    },
    "m_thresholds": {
        "zh": "按期间采购额的绝对阈值分级，下限包含在内：恰好等于阈值的客户归入较高一级。",
        "en": "Customers are graded by absolute revenue thresholds; lower bounds are inclusive, "
              "so revenue exactly at a threshold belongs to the higher tier.",
    },
    "m_pareto": {"zh": ("按累计采购额占比（帕累托 ABC）分级：客户按采购额从高到低排列，累计占比依次落入各级；"
                        "越过分界的那家客户仍归入较高一级，因此一级的采购额占比可高于其分界（一家大客户可使其高出许多）；"
                        "采购额相同的客户按客户编码排序，编码较小者在前，因此同额的两家客户可能分属相邻两级。"),
                 "en": ("Customers are graded by cumulative share of revenue (Pareto ABC), largest first; the customer "
                        "whose revenue crosses a cut stays in the tier above, so a tier's share can be over its cut (by "
                        "much, when that customer is a large one); customers of equal revenue are ordered by customer "
                        "ID, the smaller first, so two of equal revenue can fall in neighbouring tiers.")},
    "m_shares": {"zh": ("按客户数占比分级：客户按采购额从高到低排列，按约定的人数比例划分；人数按从高到低的累计比例"
                        "四舍五入（如前 20% 取 0.2 × 客户数），各级人数相加等于客户总数；采购额相同的客户按客户编码排序，"
                        "编码较小者在前，因此同额的两家客户可能分属相邻两级。"),
                 "en": ("Customers are ranked by revenue and split by shares of the customer count; the counts are "
                        "running totals from the top rounded half up (the top 20% is 0.2 × the customers), so the "
                        "tiers add up to all customers; customers of equal revenue are ordered by customer ID, the "
                        "smaller first, so two of equal revenue can fall in neighbouring tiers.")},
    "m_quantiles": {"zh": "按采购额排名等分客户数（分位数分级；采购额相同时按客户编码排序，编码较小者在前，归入较高一级）。",
                    "en": "Customers are ranked by revenue and split into equal-count tiers (of equal revenue, the "
                          "smaller customer ID ranks first, in the higher tier)."},
    "m_rule_pareto": {"zh": "见分级规则表", "en": "see the rules table"},
    "m_rule_shares": {"zh": "见分级规则表", "en": "see the rules table"},
    "m_rule_quantiles": {"zh": "见分级规则表", "en": "see the rules table"},
    "m_rule_top": {"zh": "≥ {low}", "en": "≥ {low}"},
    "m_rule_mid": {"zh": "{low} 至 {high}（不含）", "en": "{low} to under {high}"},
    "m_rule_bottom": {"zh": "< {high}", "en": "< {high}"},
    "data_starts": {
        "zh": "数据从 {first} 开始，晚于分级期间的开始日（{start}）：此前的月份在数据中没有订单，复购率、有采购的月数和"
              "稳定性都按 {window} 个月计，客户显得比实际更少复购；如数据本就从这一天开始，可把 period.months 设为 {months}",
        "en": "the data starts on {first}, after the window starts ({start}): the months before hold no order in the "
              "data, yet repurchase rate, active months and stability count all {window} months, so customers look "
              "less regular than they are; if the data is complete from that day, set period.months to {months}",
    },
    # data_starts as the client's report says it: what it does to the figures, not which key to set
    "data_starts_client": {
        "zh": "数据从 {first} 开始，晚于分级期间的开始日（{start}）：期间的 {window} 个月中只有 {months} 个月有数据，采购额只计"
              "这几个月（按整个期间设定的金额门槛下，客户的级别会偏低），复购率、有采购的月数和稳定性也使客户显得比实际更少复购",
        "en": "the data starts on {first}, after the window starts ({start}): only {months} of the window's {window} "
              "months hold data, so revenue covers those months alone (against amounts set for a whole window, "
              "customers grade lower than a whole window would put them), and repurchase rate, active months and "
              "stability make customers look less regular than they are",
    },
    # months inside the window without order lines (kit.clean.gap_note); _fix: what the consultant does
    "gap_empty": {
        "zh": "分级期间中 {months} 没有订单行，而前后的月份都有（缺了{n|一个文件|文件}？）：采购额不含{n|该月|这几个月}，"
              "客户显得比实际更少复购",
        "en": "the window's {n|month|months} {months} {n|has|have} no order lines while the months around {n|it|them} "
              "have (a file missing?): revenue leaves {n|that month|those months} out and customers look less "
              "regular than they are"},
    "gap_empty_fix": {"zh": "；如缺了文件，请把它加入 data.path", "en": "; if a file is missing, add it to data.path"},
    "gap_thin": {
        "zh": "分级期间中 {months} 只有 {lines} 条订单行，而通常每月约 {typical} 条（文件不完整？）：如{n|该月|这几个月}并未停业或"
              "放假，采购额少计了{n|该月|这几个月}的大部分",
        "en": "the window's {n|month|months} {months} {n|holds|hold} only {lines} order {last|line|lines} against "
              "about {typical} in a typical month (a file cut short?): unless the business was closed then, revenue "
              "leaves most of {n|that month|those months} out"},
    "gap_thin_fix": {"zh": "；如是这样，请重新导出该月的数据", "en": "; if so, export that month again"},
    "m_data_ends": {
        "zh": "注意：数据截至 {last}，比分级期间的结束日（{end}）早 {days} 天：此后的日期在数据中没有订单，采购额偏低，"
              "客户显得比实际更久未采购（甚至被判为流失）；如数据本就只到这一天，截至 {month_end} 的分级期间不会有此偏差。",
        "en": "Note: the data ends on {last}, {days} days before the window ends ({end}): the days after it hold no "
              "order in the data, so revenue is understated and customers look longer gone than they are (or "
              "lost); if the data is complete to that day, a window ending on {month_end} would not have this gap.",
    },
    "m_partial_end": {
        "zh": "注意：数据截至 {last}，分级期间的最后一个月（{month}）在数据中并不完整；该月采购额偏低，最近一次购买距今的天数偏大。",
        "en": "Note: the data ends on {last}, so the window's last month ({month}) is not whole in the data: its "
              "revenue is understated and days since the last purchase overstated.",
    },
    "m_after": {
        "zh": "另有 {rows} 条订单行（金额 {amount}）的日期在分级期间之后（{first} 至 {last}），未计入本次分级。",
        "en": "A further {rows} order {n|line|lines} ({amount}) {n|is|are} dated after the window ({first} to {last}) "
              "and {n|is|are} not graded.",
    },
    "m_data": {
        "zh": "数据来源：{source}。读取 {read} 行，保留 {kept} 行，{aside} 行被剔除或单独列出（原因见附录）。",
        "en": "Data: {source}. {read} {read|row|rows} read, {kept} kept, {aside} dropped or set aside (reasons in the appendix).",
    },
    "m_repeated_totals": {
        "zh": "其中 {n} 行是订单的其余明细行，重复写着整单金额（共 {amount}）：每个订单的金额只计一次。",
        "en": " Of them, {n} {count|is a further line|are further lines} of orders repeating the order's total "
              "({amount} in all): each order's amount counts once.",
    },
    "m_order_lines": {
        "zh": "其中 {n} 行是订单的其余明细行，订单金额写在它的另一行上（如 Shopify 的导出）：这些行没有自己的金额，不影响采购额。",
        "en": " Of them, {n} {count|is a further line|are further lines} of orders whose amount is written on another "
              "of their rows (as Shopify exports them): no money of their own, so no revenue is left out.",
    },
    "ledger_totals": {"zh": "读取金额中含小计、合计行上写的金额 {amount}：这些行不是采购，已单列。",
                      "en": "The amount read includes {amount} written on subtotal and total lines: those lines are "
                            "no purchases and are set aside."},
    "ledger_currencies": {"zh": "按币别排除的 {n} 行为其他货币：{each}；上表“读取”和“排除”两行的金额把不同货币直接相加，不是人民币或任何一种货币的金额。",
                          "en": "The {n} lines left out by their currency are in other currencies: {each}; the "
                                "amounts above of the lines read and excluded add different currencies together, "
                                "so they are in no one currency."},
    "m_unusable": {
        "zh": "其中 {rows} 条订单行（金额 {amount}）无法使用（{reasons}），单列，未计入分级。",
        "en": "Of these, {rows} order {n|line|lines} ({amount}) could not be used ({reasons}) and {n|is|are} not "
              "graded.",
    },
    "m_unusable_unknown": {  # the lines' amounts did not read (待定): their money is not known, not ¥0 (QA)
        "zh": "其中 {rows} 条订单行（金额未知）无法使用（{reasons}），单列，未计入分级。",
        "en": "Of these, {rows} order {n|line|lines} ({n|its|their} amount unknown) could not be used ({reasons}) "
              "and {n|is|are} not graded.",
    },
    "m_in_window": {"zh": "保留的行中 {rows} 行在分级期间内（金额 {amount}），另有 {before} 行在期间之前（用于上期对比与合作时长）。",
                    "en": "Of the rows kept, {rows} {n|is|are} in the window ({amount}); the {before} before it "
                          "{b|serves|serve} the comparison with the previous window and the tenure of each customer."},
    "m_unusable_other": {"zh": "其余为：{kinds}。", "en": "The rest: {kinds}."},
    "m_other_kind": {"zh": "{what} {rows} 行", "en": "{rows} {what}"},
    # short names of the reasons rows are not kept (kit.clean.REASONS), for a sentence listing them
    "short_blank_row": {"zh": "空行", "en": "{n|empty row|empty rows}"},
    "short_header_row": {"zh": "重复的表头行", "en": "{n|repeated header row|repeated header rows}"},
    "short_duplicate": {"zh": "重复行", "en": "{n|exact duplicate|exact duplicates}"},
    "short_copy_sheet": {"zh": "重复工作表的行", "en": "{n|row|rows} of a copied sheet"},
    "short_repeated_total": {"zh": "重复整单金额的订单明细行", "en": "{n|line|lines} repeating its order's total"},
    "short_order_line": {"zh": "金额在同单另一行的订单行", "en": "{n|line|lines} whose order's amount is on another row"},
    "short_total_row": {"zh": "小计与合计行", "en": "{n|subtotal or total line|subtotal and total lines}"},
    "short_subtotal_row": {"zh": "写有客户的小计行", "en": "{n|subtotal line|subtotal lines} naming a customer"},
    "short_document_total": {"zh": "单据合计行", "en": "{n|document total|document totals}"},
    "short_label_row": {"zh": "标题与备注行", "en": "{n|heading or note line|heading and note lines}"},
    "short_excluded": {"zh": "按列值排除的订单行", "en": "{n|line|lines} left out by a column's value"},
    "short_struck": {"zh": "带删除线的作废行", "en": "voided {n|line|lines} (struck through)"},
    "short_return_set_aside": {"zh": "单列的退货行", "en": "{n|return|returns} set aside"},
    "short_return_dropped": {"zh": "剔除的退货行", "en": "{n|return|returns} dropped"},
    "m_join_kept": {
        "zh": "其中 {rows} 行订单（{amount}）在只提供客户属性（名称、地区等）的关联文件中找不到唯一的对应记录，照常分级，这些属性为空。",
        "en": "{rows} order lines ({amount}) found no single row in a joined file that gives only the customer's "
              "attributes (name, region ...): they are graded, those attributes empty."},
    "m_join": {
        "zh": "每行订单按 {column} 取 {file} 中对应一行的数据（data.join）；找不到或对应多行且内容不同的订单行单独列出。",
        "en": "Each order line takes the columns of {file} from its row with the same {column} (data.join); lines "
              "with no such row, or with several rows that differ, are set aside.",
    },
    "m_exclude": {
        "zh": "{what}的订单行已排除：{rows} 行（金额 {amount}），单独列出，不计入分级。",
        "en": "Order lines whose {what} are left out: {rows} {n|line|lines} ({amount}), set aside and not graded.",
    },
    "m_exclude_events": {
        "zh": "{what}的事件行已排除：{rows} 行。它们是浏览、加购等行为，不是销售；这些行上的商品标价合计 {amount}，不计入采购额，也不计入分级。",
        "en": "Events whose {what} are left out: {rows} {n|line|lines}. They are views, baskets and the like, not "
              "sales; the prices written on them add up to {amount}, which is no revenue and is not graded.",
    },
    "m_unpaid": {
        "zh": "日期列“{column}”是付款时间：付款时间为空的 {rows} 行订单（金额 {amount}）未付款，不是销售，单独列出，不计入分级。",
        "en": "The date column '{column}' is the day an order was paid: {rows} order {n|line|lines} without one "
              "({amount}) {n|is an order|are orders} not paid, no sale, set aside and not graded.",
    },
    "m_struck": {
        "zh": "工作簿中金额带删除线的订单行视为作废：{rows} 行（金额 {amount}）单独列出，不计入分级（cleaning.struck_rows: void）。",
        "en": "Order lines whose amount is struck through in the workbook are taken as voided: {rows} {n|line|lines} "
              "({amount}) set aside and not graded (cleaning.struck_rows: void).",
    },
    "m_overlap_latest": {
        "zh": "同一订单在多个文件中内容不同时，以最新的包含它的文件为准：此前文件中的 {rows} 行"
              "（金额 {amount}）单独列出，不计入分级。",
        "en": "An order whose lines differ between files counts as the latest file that has "
              "it writes it: {rows} {n|line|lines} of earlier files ({amount}) are set aside and not graded.",
    },
    "m_overlap_withdrawn": {
        "zh": "后一个导出覆盖其日期却不再含有的订单视为已删除、作废或改记：此前文件中的 {rows} 行（金额 {amount}）单独列出，不计入分级。",
        "en": "Orders a later export no longer has, though it covers their days, are taken as deleted, voided or "
              "rebooked since: {rows} {n|line|lines} of earlier files ({amount}) are set aside and not graded.",
    },
    "m_overlap_keep": {
        "zh": "注意：{orders} 张订单在多个文件中出现且内容不同（如 {example}），每个文件的行都已计入（共 {amount}）；"
              "如后一个导出包含并更正了前一个，这些订单被重复计算，应以最新的文件为准（cleaning.overlap: latest）重新分级。"
              "这些订单列于 overlap.csv。",
        "en": "Note: {orders} {orders_n|order appears|orders appear} in more than one file with different lines (e.g. "
              "{example}), and each file's lines are counted ({amount} in all); if a later export repeats and "
              "corrects an earlier one, these orders are counted twice, and the grading should be run again "
              "counting each as the latest file writes it (cleaning.overlap: latest). overlap.csv lists them.",
    },
    "m_overlap_same": {
        "zh": "其中 {same} 张订单在各文件中的行数与金额都相同（同一订单再次导出，只是写法不同，如 Excel 另存时去掉了编码的前导零）："
              "肯定被重复计算，多计 {extra}；以最新的文件为准（cleaning.overlap: latest）即每张只计一次。",
        "en": "Of these, {same} {same_n|order has|orders have} the same number of lines and the same amount in each "
              "file (exported again, only written another way, such as IDs whose leading zeros a re-export saved by "
              "Excel dropped): {same_n|it is|they are} counted twice for certain, {extra} too much; taking each as "
              "the latest file writes it (cleaning.overlap: latest) counts each once.",
    },
    "m_returns_marked": {
        "zh": "{what}的订单行为退货：其金额按负数计（cleaning.returns_marked），再按上述退货规则处理。",
        "en": "Order lines whose {what} are returns: their amounts count as negative (cleaning.returns_marked), "
              "then the rule for returns above applies.",
    },
    "m_wide": {
        "zh": "数据为每月一列的台账（data.wide）：每个有金额的月份单元格计为该月的一笔采购，日期记为当月 1 日；空白和零值的月份视为未采购。",
        "en": "The data has a column per month (data.wide): each month cell with an amount counts as that month's "
              "purchase, dated the first of the month; empty and zero cells are no purchase.",
    },
    "m_rules": {"zh": "清洗规则：{duplicates}；{returns}；零金额行保留。",
                "en": "Cleaning rules: {duplicates}; {returns}; zero-amount rows kept."},
    "m_dup_auto": {"zh": "有订单号时剔除完全重复的行，无订单号时保留（可能是重复购买）",
                   "en": "exact duplicate rows dropped when there is an order ID, kept without one (they may be repeat purchases)"},
    "m_dup_drop": {"zh": "完全重复的行剔除", "en": "exact duplicate rows dropped"},
    "m_dup_keep": {"zh": "完全重复的行保留", "en": "exact duplicate rows kept"},
    "m_ret_net": {"zh": "退货（负金额）冲减客户采购额", "en": "returns (negative amounts) netted against the customer"},
    "m_ret_drop": {"zh": "退货（负金额）剔除", "en": "returns (negative amounts) dropped"},
    "m_ret_set_aside": {"zh": "退货（负金额）单独列出", "en": "returns (negative amounts) set aside"},
    "m_day_number": {
        "zh": "{column} 是从 1 起数的天数，不是日期：数据中没有日历日期，本报告将第 1 天取为 {day_one}（选定的日子），"
              "第 n 天即其后 n - 1 天；报告中的日期都由此推算。",
        "en": "{column} holds day numbers, not dates: the data gives no calendar date, so day 1 is taken to be "
              "{day_one}, a day chosen for this report, and day n is n - 1 days after it; every date in this report "
              "is counted so.",
    },
    "m_scale": {
        "zh": "数据中的金额乘以 {scale} 换算为{currency}（data.amount_scale），本报告所有金额均为换算后的数值。",
        "en": "Amounts in the data were multiplied by {scale} to give {currency} (data.amount_scale); "
              "every amount in this report is after that conversion.",
    },
    "m_scale_headers": {
        "zh": "各工作表金额的单位不同：{scales}，换算为{currency}（data.amount_scale），本报告所有金额均为换算后的数值。",
        "en": "The sheets write amounts in different units: {scales} to give {currency} (data.amount_scale); every "
              "amount in this report is after that conversion.",
    },
    "m_scale_header": {"zh": "“{header}”列的金额乘以 {scale}", "en": "amounts under '{header}' were multiplied by {scale}"},
    "col_tier": {"zh": "客户级别", "en": "Tier"},
    "col_rule": {"zh": "分级标准（期间采购额）", "en": "Rule (window revenue)"},
    "col_rule_any": {"zh": "规则", "en": "Rule"},
    "col_customers": {"zh": "客户数", "en": "Customers"},
    "col_customer_share": {"zh": "客户占比", "en": "Share of customers"},
    "col_revenue": {"zh": "采购额", "en": "Revenue"},
    "col_revenue_share": {"zh": "采购额占比", "en": "Share of revenue"},
    "col_avg_revenue": {"zh": "平均采购额", "en": "Average revenue"},
    "col_total": {"zh": "合计", "en": "Total"},
    "col_plan": {"zh": "服务方案", "en": "Service"},
    "col_actions": {"zh": "具体措施", "en": "Actions"},
    "col_workload": {"zh": "每月工作量", "en": "Monthly workload"},
    "col_customer": {"zh": "客户", "en": "Customer"},
    "col_id": {"zh": "客户编码", "en": "Customer ID"},
    "col_orders": {"zh": "订单数", "en": "Orders"},
    "col_step": {"zh": "步骤", "en": "Step"},
    "col_rows": {"zh": "行数", "en": "Rows"},
    "col_amount": {"zh": "金额", "en": "Amount"},
    "workload": {"zh": "每家 {visits} 次 × {per} 小时 × {customers} 家 ≈ {hours} 小时",
                 "en": "{visits} {visits|contact|contacts} × {per} h × {customers} {customers|customer|customers} ≈ {hours} {hours|hour|hours}"},
    "workload_total": {"zh": "≈ {hours} 小时", "en": "≈ {hours} {hours|hour|hours}"},
    "workload_contacts": {"zh": "每家 {visits} 次 × {customers} 家 = {contacts} 次",
                          "en": "{visits} {visits|contact|contacts} × {customers} {customers|customer|customers} = {contacts} {contacts|contact|contacts}"},
    "chart_tiers_title": {"zh": "各级客户的客户数占比与采购额占比", "en": "Share of customers and of revenue by tier"},
    "chart_share": {"zh": "占比", "en": "Share"},
    "chart_pareto_upto": {"zh": "{tier}及以上：{share}", "en": "{tier} and above: {share}"},
    "chart_pareto_top": {"zh": "{tier}：{share}", "en": "{tier}: {share}"},
    "chart_pareto_left_out": {"zh": "未含 {n} 家退货多于采购的客户",
                              "en": "not shown: {n} {n|customer who|customers who} returned more than they bought"},
    "chart_pareto_title": {"zh": "客户采购额帕累托曲线", "en": "Pareto curve of customer revenue"},
    "chart_pareto_x": {"zh": "客户累计占比（按采购额从高到低）", "en": "Cumulative share of customers (largest first)"},
    "chart_pareto_y": {"zh": "采购额累计占比", "en": "Cumulative share of revenue"},
    "step_read": {"zh": "读取", "en": "Read"},
    "step_kept": {"zh": "保留", "en": "Kept"},
    "reason_blank_row": {"zh": "剔除：空行", "en": "Dropped: empty row"},
    "reason_header_row": {"zh": "剔除：重复出现的表头行（分页导出）", "en": "Dropped: header row repeated (paged export)"},
    "reason_duplicate": {"zh": "剔除：完全重复的行（本文件或此前文件中已有）", "en": "Dropped: exact duplicate (of this file or an earlier one)"},
    "reason_copy_sheet": {"zh": "剔除：与其他工作表重复的工作表（复制的工作表，或其他工作表的汇总），其订单只计一次",
                          "en": "Dropped: sheet repeating other sheets (a copied sheet, or their summary), its orders counted once"},
    "reason_repeated_total": {"zh": "剔除：订单的其他明细行，重复写了整单金额（cleaning.order_totals: once，每单只计一次）",
                              "en": "Dropped: further line of an order repeating the order's total (cleaning.order_totals: "
                                    "once, each order counted once)"},
    "reason_order_line": {"zh": "剔除：订单的其他明细行（订单金额只填在其中一行）",
                          "en": "Dropped: other line of an order whose amount is on one of its rows"},
    # the label is in the customer's cell (广州医药 小计) or the line has no customer: a total, whoever it names
    "reason_total_row": {"zh": "单列：小计/合计/总计行", "en": "Set aside: subtotal or total line"},
    "reason_subtotal_row": {"zh": "单列：写有客户的小计/合计行（或只写客户和其上方各行之和的行）",
                            "en": "Set aside: subtotal line naming a customer (or holding only the customer and the "
                                  "sum of its lines above)"},
    "hidden_rows_note": {
        "zh": "工作簿中有 {n} 条隐藏的订单行（{amount}），与其他行一样计入了分级（{where}）：隐藏的行仍是数据；如果其中有"
              "不应计入的行（作废的、草稿），请在工作簿中删除这些行后重新运行；fixes.csv 按行号列出了其中前几行",
        "en": "{n} hidden {n|row|rows} of the workbook ({amount}) {n|was|were} counted as order lines like the others "
              "({where}): rows are data whether shown or not; if some should not count (void, drafts), delete them "
              "in the workbook and run again; fixes.csv gives the first of them by row"},
    "hidden_rows_where": {"zh": "{file} {n} 行，{amount}", "en": "{file}: {n}, {amount}"},
    "filter_said": {"zh": "这些行被工作表的筛选隐藏（{filters}）", "en": "they are hidden by the sheet's filter ({filters})"},
    "filter_values": {"zh": "“{column}”只显示 {values}", "en": "{column} showing {values} only"},
    "filter_condition": {"zh": "“{column}”按条件筛选", "en": "{column} filtered by a condition"},
    "filter_blank": {"zh": "（空白）", "en": "(blank)"},
    "filter_exclude": {
        "zh": "：客户可能只想发送 {values} 的订单；如只分级筛选显示的行，请在 cleaning.exclude 中加上 {column}: [{others}]",
        "en": ": the client may have meant to send the {values} orders only; to grade only the rows the filter shows, "
              "add {column}: [{others}] to cleaning.exclude"},
    "copy_sheet_note": {
        "zh": "工作表 {sheets} 的订单与其他工作表重复（复制的工作表，或其他工作表的汇总？），已跳过、只计一次：{rows} 行，{amount}，"
              "见台账；如果它不是副本而是另外的订单，请在 data.sheet 中列出要读取的工作表后重新运行",
        "en": "{n|Sheet|Sheets} {sheets} repeat{n|s|} the orders of other sheets (a copied sheet, or their summary?) and {n|was|were} "
              "skipped, so that they count once: {rows} rows, {amount}, in the ledger; if {n|it is|they are} no copy "
              "but other orders, list the sheets to read in data.sheet and run again"},
    "m_copy_sheet": {
        "zh": "其中工作表 {sheets} 的 {rows} 行与其他工作表的订单重复（复制的工作表，或其他工作表的汇总），只计一次。",
        "en": " Of them, the {rows} rows of {n|sheet|sheets} {sheets} repeat the orders of other sheets (a copied "
              "sheet, or their summary) and count once."},
    "total_line_where": {
        "zh": "{file} 自带的合计行写 {total}，保留的订单行合计 {kept}（{share}）",
        "en": "{file}'s own total line reads {total}, the order lines kept sum to {kept} ({share})"},
    "total_line_note": {
        "zh": "{where}：二者不符，文件中的订单行也合不上这个合计：退货是否写成了正数？作废、取消的单据是否仍计入？"
              "请对照文件核对（合计行见 quarantine.csv），必要时设置 cleaning.returns_marked 或 cleaning.exclude",
        "en": "{where}: they differ, and the file's order lines do not add up to that total either: are returns "
              "written as positive amounts, or voided or cancelled documents still counted? Check against the file (the "
              "total line is in quarantine.csv), and set cleaning.returns_marked or cleaning.exclude as needed"},
    "cent_note": {
        "zh": "{n} 条订单行的金额带有不足一分的小数（如 {example}）：每行先四舍五入到分再合计（与开票一致），"
              "因此客户合计可能与在表格中对该列直接求和相差一两分；示例见 fixes.csv",
        "en": "{n} order {n|line carries|lines carry} a fraction of a cent ({example}): each line is rounded to the cent "
              "before anything is summed, as an invoice line is, so a customer's total can differ by a cent or two "
              "from a spreadsheet's plain sum of the column; examples in fixes.csv",
    },
    "cent_note_scaled": {
        "zh": "。这些金额大多不足 1，且写到比分更细的位数：若它们不是货币金额而是换算过的价格（如 H&M 公开数据），逐行取整已抹去其有效数字，"
              "请在参数中设置 data.amount_scale: {factor} 后重新运行",
        "en": ". Most of these amounts are under 1 and written past the cent: if they are not money but scaled prices "
              "(as H&M's published ones), the rounding has erased their digits; set data.amount_scale: {factor} in "
              "params and run again",
    },
    "document_total_note": {
        "zh": "{n} 条没有商品的行（{amount}）金额恰为同一单据其余各行之和，被视为单据合计行（用友主子表导出）并单列，未计为采购；"
              "明细见 quarantine.csv。如其中有真实的订单行（如金额碰巧相同的运费），请在参数中设置 `cleaning.subtotals: keep`",
        "en": "{n} {n|line|lines} without an item ({amount}) whose amount is the sum of {n|its|their} order's other "
              "lines {n|was|were} taken for document totals (a master-detail export such as U8's 主子表) and set aside, "
              "not counted as purchases; quarantine.csv lists {n|it|them}. If some are real order lines (freight "
              "that happens to equal the goods), set `cleaning.subtotals: keep` in params"},
    "reason_document_total": {"zh": "单列：单据合计行（没有商品，金额恰为同一单据其余各行之和）",
                              "en": "Set aside: document total (no item, amount the sum of its order's other lines)"},
    "reason_label_row": {"zh": "单列：标题、备注或签字行（仅一格有字或只有“制表人：”之类的签字、无金额，如“二月”“华东区”）",
                         "en": "Set aside: heading, note or sign-off line (one cell filled, or sign-offs such as "
                               "Prepared by: only; no amount)"},
    "reason_cancelled": {"zh": "单列：整单冲销的订单，与注明其单号的冲销凭证（如 SAP 的 S1）一并单列（data.columns.cancels）：两者"
                                 "相抵为零，不计销售、不计订单",
                           "en": "Set aside: an order wholly cancelled, with the return naming it (such as SAP's S1) "
                                 "(data.columns.cancels): the two net to zero, no sale and no order"},
    "reason_excluded": {"zh": "单列：按列值排除（如已取消的订单、运费行）",
                        "en": "Set aside: left out by a column's value (such as cancelled orders, postage lines)"},
    "reason_struck": {"zh": "单列：金额带删除线的行，视为作废（cleaning.struck_rows: void）",
                      "en": "Set aside: amount struck through in the workbook, a voided line "
                            "(cleaning.struck_rows: void)"},
    "reason_superseded": {"zh": "单列：该订单在后一个文件中重新导出（cleaning.overlap: latest），以后一个文件为准",
                          "en": "Set aside: the order is written again in a later file (cleaning.overlap: latest), "
                                "whose lines count"},
    "reason_withdrawn": {"zh": "单列：后一个文件覆盖该订单的日期、并重复了当月的大部分订单，却不再含有该订单"
                                 "（cleaning.overlap: latest）：视为已删除、作废或改记到其他客户或日期",
                           "en": "Set aside: a later file no longer has the order, though it covers its day and repeats "
                                 "most orders of that month (cleaning.overlap: latest): deleted, voided or booked to "
                                 "another customer or day since"},
    "reason_no_match": {"zh": "单列：关联键为空或在关联文件（data.join）中找不到",
                        "en": "Set aside: join key blank or not in a joined file (data.join)"},
    "reason_ambiguous_match": {"zh": "单列：关联键在关联文件（data.join）中对应多行且内容不同",
                               "en": "Set aside: key on several differing rows of a joined file (data.join)"},
    "reason_before_heading": {"zh": "单列：订单行在工作表第一个客户标题行之上（data.customer_headings），没有标题行说明是哪家客户的",
                              "en": "Set aside: order line above the sheet's first customer heading row "
                                    "(data.customer_headings): no heading says whose it is"},
    "reason_missing_customer_id": {"zh": "单列：缺少客户编码或名称", "en": "Set aside: no customer ID"},
    "reason_payment": {"zh": "单列：收款行（data.columns.payment），没有销售金额，不是销售",
                       "en": "Set aside: a payment received (data.columns.payment) on a line without an amount, no sale"},
    "reason_bad_amount": {"zh": "单列：金额缺失、无法识别或超过十万亿", "en": "Set aside: amount missing, not a number or beyond ten trillion"},
    "reason_bad_discount_rate": {"zh": "单列：折扣率不是 0 到 1 之间的比例（按百分数写时为 0 到 100，data.discount_percent），该行金额无法计算",
                                 "en": "Set aside: discount rate that is no rate from 0 to 1 (0 to 100 when written as a percent, data.discount_percent), so the line's amount is unknown"},
    "reason_unpaid": {"zh": "单列：付款时间为空，订单未付款（不是销售）",
                      "en": "Set aside: no payment date (the date column is one): an order not paid, no sale"},
    "reason_bad_date": {"zh": "单列：日期缺失、无法识别、为占位日期（1900-01-01）或不在 1900–2199 年间",
                        "en": "Set aside: date missing, not a date, a placeholder (1900-01-01) or not in 1900–2199"},
    "reason_return_set_aside": {"zh": "单列：退货（负金额，或全额退款的行）",
                                "en": "Set aside: return (negative amount, or a line refunded whole)"},
    "reason_return_dropped": {"zh": "剔除：退货（负金额，或全额退款的行）",
                              "en": "Dropped: return (negative amount, or a line refunded whole)"},
    "reason_zero_amount": {"zh": "其中：零金额行（如赠品、样品、代金券支付），保留", "en": "Of which: zero amount (such as free goods, samples, vouchers), kept"},
    "reason_same_customer": {"zh": "其中：按客户对照（cleaning.same_customers）改计入其指定的另一客户",
                             "en": "Of which: customer graded as another, as the mapping of customers names it (cleaning.same_customers)"},
    "reason_id_merged": {"zh": "其中：客户编码另一种写法（如 00123 / 123），按同组编码分级",
                         "en": "Of which: customer ID written another way (00123 / 123), graded under its group's ID"},
    "id_variants_merged": {"zh": "{n} 家客户的编码有两种以上写法（如 {examples}），已合并（cleaning.id_variants: merge），"
                                 "每组以最长的写法（保留前导零）分级；明细见 id_check.csv。",
                           "en": "{n} {n|customer|customers} written two or more ways in the orders (e.g. {examples}) "
                                 "{n|was|were} each graded under one ID, its longest form (leading zeros kept) "
                                 "(cleaning.id_variants: merge); the list is in id_check.csv."},
    "reason_return_netted": {"zh": "其中：退货已冲减客户采购额", "en": "Of which: returns netted against the customer"},
    "reason_filled_from_order": {"zh": "其中：客户或日期为空，取自同一订单的其他行",
                                 "en": "Of which: customer or date empty, taken from another row of its order"},
    "reason_missing_id_named": {"zh": "单列的无客户编码行中：写有客户名称（可按客户名称计入分级，cleaning.blank_ids: name）",
                                "en": "Of the lines set aside for no customer ID: the customer's name is written "
                                      "(they can be graded under it, cleaning.blank_ids: name)"},
    "named_aside_hint": {"zh": "；其中 {n} 行（{amount}）没有客户编码但写有客户名称：如是只记名称的客户（临时客户），"
                               "在参数文件的 cleaning 下设 `blank_ids: name` 即按名称计入",
                         "en": "; {n} of them ({amount}) have no customer ID but the customer's name: when these are "
                               "customers kept by name only, set `blank_ids: name` under cleaning to grade them by it"},
    "e_named_hint": {"zh": "；无客户编码的行中有 {n} 行写有客户名称：如是只记名称的客户（临时客户），在 cleaning 下设 "
                           "`blank_ids: name` 即按名称计入",
                     "en": "; {n} of the lines without a customer ID have the customer's name: when these are customers "
                           "kept by name only, set `blank_ids: name` under cleaning to grade them by it"},
    "reason_id_from_name": {"zh": "其中：客户编码为空，按客户名称计入（cleaning.blank_ids: name）",
                            "en": "Of which: customer ID empty, graded under the customer's name (cleaning.blank_ids)"},
    "reason_customer_heading": {"zh": "其中：客户取自上方的客户标题行（data.customer_headings）",
                                "en": "Of which: customer taken from the heading row above (data.customer_headings)"},
    "reason_filled_down": {"zh": "其中：空单元格按上方的值填充（data.fill_down）",
                           "en": "Of which: empty cells filled from the row above (data.fill_down)"},
    "reason_discount_netted": {"zh": "其中：折扣金额已从该行金额中扣除",
                               "en": "Of which: discounts on the row subtracted from its amount"},
    "reason_refund_netted": {"zh": "其中：退款金额已从该行金额中扣除", "en": "Of which: refunds on the row subtracted from its amount"},
    "reason_credit_netted": {"zh": "其中：贷方金额已从该行借方金额中扣除（data.columns.credit）",
                             "en": "Of which: credits on the row subtracted from its debit (data.columns.credit)"},
    "reason_credit_sign": {"zh": "其中：贷方整列（或表中自有表头的一段）都写为负数（没有大于 0 的贷方），按其绝对值从借方中扣除",
                           "en": ("Of which: credits written as negative numbers, as the whole credit column (or its "
                                  "block under a header row of its own) is (none above 0), read as their size and "
                                  "subtracted from the debit")},
    "credit_sign_note": {
        "zh": "贷方列（或其中一个工作表、一段自有表头的表格）的数全部写为负数（没有大于 0 的贷方）：{n} 行贷方按绝对值"
              "（共 {amount}）从借方中扣除，即借方减贷方；若按所写的负号相减，这些贷方反而会加到销售额上。贷方有正数之处，"
              "负数的贷方按冲销贷方读（所写的符号）",
        "en": "The credit column (or a sheet or a block of it under a header row of its own) holds its credits as "
              "negative numbers (none above 0): {n} credits ({amount} in all) were read as their size and subtracted "
              "from the debit; subtracted as written, they would have added to revenue. Where the credits are "
              "positive, a negative one is read as a credit reversed (as written)"},
    "reason_duplicate_of_earlier": {"zh": "已剔除的重复行中：与前面文件或工作表中的行完全相同（导出重叠），只计一次",
                                    "en": ("Of the duplicates dropped: repeating a row of an earlier file or sheet "
                                           "(overlapping exports), counted once")},
    "reason_possible_duplicate": {"zh": "其中：疑似重复（无订单号，或同一订单中相同的两行，按两行保留）",
                                  "en": "Of which: possible duplicates (no order ID, or two alike lines of one order), kept"},
    "reason_hidden_rows": {"zh": "其中：工作簿中隐藏的行（隐藏或被筛选掉），与其他行一样计入",
                           "en": "Of which: rows hidden in the workbook (hidden, or filtered out), counted as the others"},
    "reason_unmatched_kept": {"zh": "其中：关联文件（data.join）中没有其记录、只缺客户属性（名称、地区等）的行，照常分级，这些列为空",
                              "en": "Of which: lines whose key is not in a joined file (data.join) that gives only the "
                                    "customer's attributes (name, region ...): graded, those cells empty"},
    "reason_red_returns": {"zh": "其中：红色字体的正数金额（红字），按退货（负数）计入（cleaning.red_amounts: returns）",
                           "en": "Of which: positive amounts in red font (红字), counted as returns, negative "
                                 "(cleaning.red_amounts: returns)"},
    "reason_merged_cells": {"zh": "其中：合并单元格按该区域首格的值填充",
                            "en": "Of which: merged cells filled from the range's top cell"},
    "chart_ledger_title": {"zh": "数据清洗：每一行的去向", "en": "Cleaning: where every row went"},
    "col_source": {"zh": "数据文件", "en": "File"},
    "src_sheets": {"zh": "{file}（{n} 个工作表：{first} … {last}）", "en": "{file} ({n} sheets: {first} … {last})"},
    "src_files": {"zh": "{n} 个来源：{first} … {last}", "en": "{n} sources: {first} … {last}"},
    "src_all": {"zh": "全部 {n} 个来源", "en": "All {n} sources"},
    "src_all_sheets": {"zh": "{file} 全部 {n} 个工作表", "en": "All {n} sheets of {file}"},
    "src_all_files": {"zh": "全部 {n} 个文件", "en": "All {n} files"},
    "src_detail": {"zh": "各文件、各工作表的明细见运行目录中的 ledger.csv。",
                   "en": "Each file's and sheet's own figures are in ledger.csv in the run folder."},
    "chart_axis_floor": {"zh": "纵轴从 {floor} 行开始", "en": "axis starts at {floor} {floor|row|rows}"},
    "repro_params": {"zh": "参数文件", "en": "Params file"},
    "repro_inputs": {"zh": "输入文件校验值 (SHA-256)", "en": "Input checksums (SHA-256)"},
    "id_variants": {"zh": "{n} 家客户的编码疑似有两种以上写法（如 {examples}：前导零、大小写、空格、符号或“有限公司”等写法不同），本次按不同客户分级；"
                           "明细见 id_check.csv，请在数据源中统一写法。",
                    "en": "{n} {n|customer looks|customers look} written two or more ways in the orders (e.g. "
                          "{examples}: leading zeros, case, spaces or dashes) and {n|is|are} graded as separate "
                          "customers; the list is in id_check.csv."},
    "repro_note": {
        "zh": "使用相同数据与参数重新运行将得到完全相同的分级表；每次运行都记录所用数据、参数与软件版本（manifest.json）。",
        "en": "Re-running with the same data and parameters gives identical graded tables; each run keeps a record of its data, parameters and software (manifest.json).",
    },
    "none": {"zh": "无", "en": "none"},
    "excel_capped": {"zh": "grades.xlsx 的客户明细只列出 {shown} 家客户（共 {total} 家；各级先取采购额最高者，余下从最高一级起列满），"
                           "按级别筛选时客户会少于报告中的客户数；全部客户见 grades.csv",
                     "en": "grades.xlsx lists {shown} of the {total} customers on its customer sheet (the largest of each "
                           "tier, the top tiers whole when they fit), so a tier filtered there holds fewer than the report counts; "
                           "grades.csv has them all"},
    # output.excel_max_rows below the number of value tiers: which tiers have no row (the note sheet's line)
    "excel_capped_tiers": {"zh": "客户明细只有 {rows} 行，少于 {tiers} 个价值分级：只列出最高的 {rows} 级各自采购额最高的客户，{missing} 没有列出；"
                                 "如需每级至少一行，在参数文件 output 下调高 excel_max_rows。",
                           "en": "The sheet has {rows} {rows_n|row|rows}, fewer than the {tiers} value tiers: only the highest "
                                 "{rows} {rows_n|tier has its|tiers have their} largest customer listed, {missing} "
                                 "none; raise excel_max_rows under output for one row of each tier at least."},
    "excel_capped_tiers_terminal": {"zh": "；客户明细只有 {rows} 行，少于 {tiers} 个价值分级：{missing} 没有列出",
                                    "en": "; with {rows} {rows_n|row|rows} for {tiers} value tiers, {missing} "
                                          "{missing_n|has|have} no row there"},
    # what lists them all in the workbook, when a worksheet's 1,048,575 rows can hold them
    "excel_capped_all": {"zh": "，如需在工作簿中全部列出，在参数文件 output 下设 `excel_max_rows: {rows}`",
                         "en": ", and `excel_max_rows: {rows}` under output lists them all in the workbook"},
    "plan_missing": {
        "zh": "尚未为{tiers}设定服务方案：在参数文件的 service_plan 下为每一级写明服务内容、渠道与每月拜访次数，"
              "报告即列出各级方案及每月工作量（kit init 生成的参数文件末尾有一份注释掉的示例）",
        "en": "no service plan for {tiers}: write one per tier under service_plan in the params file (summary, "
              "actions, channel, visits per month) and the report lists them with the monthly workload (a params "
              "file drafted by kit init ends with one to start from, commented out)",
    },
    "def_intro": {"zh": "规则中的指标：", "en": "The measures the rules use:"},
    "def_orders": {"zh": "订单数：分级期间内有采购的订单数，同一订单号计一次；只有退货、作废或赠品的单据不算订单。",
                   "en": "Orders: the orders with a purchase in the window, each order number once; a document of "
                         "returns, cancellations or free goods alone is no order."},
    "def_orders_by_day": {"zh": "订单数：文件没有订单号，同一客户同一天（日期只到月份时为同一个月）的采购计为一单；只有退货的日子不算订单。",
                          "en": "Orders: the file has no order number, so a customer's purchases of one day (of one "
                                "month, when the dates are months alone) count as one order; a day of returns alone "
                                "is none."},
    "def_recency": {"zh": "距期末天数：最近一次采购（退货不算）距分级期间最后一天的天数。",
                    "en": "Days since the last purchase: from the last purchase (a return is none) to the window's "
                          "last day."},
    "def_repurchase": {"zh": "复购率：首次采购之后，期间内其余月份中有采购的月份所占比例，即（有采购的月数 − 1）÷（{months} − 1）；"
                             "每月都采购为 100%。它衡量一家客户的复购，而不是复购客户占全部客户的比例。",
                       "en": "Repurchase rate: the share of the window's other months in which the customer bought "
                             "again, (months with a purchase − 1) ÷ ({months} − 1); 100% is a purchase every month. "
                             "It is one customer's, not the share of customers who bought twice."},
    "def_stability": {"zh": "稳定性（变异系数）：期间内各月采购额的标准差 ÷ 月平均采购额，没有采购的月份按 0 计；越小越稳定。",
                      "en": "Stability (CV): the standard deviation of the customer's monthly revenue over the "
                            "window's months, months without a purchase as 0, divided by its mean; lower is steadier."},
    "def_growth": {"zh": "增长率：本期采购额 ÷ 上期（此前同样长度的期间）采购额 − 1；上期没有采购的客户没有增长率。",
                   "en": "Growth: revenue in the window ÷ revenue in the window of the same length before − 1; a "
                         "customer who did not buy then has none."},
    "h_graders": {"zh": "分级维度与规则", "en": "Grading criteria"},
    "graders_intro": {"zh": "每个客户在每个维度上恰好获得一个级别；下表列出实际使用的规则与各级客户数。",
                      "en": "Every customer gets exactly one grade per grader; the table lists the rules used and the customers in each tier."},
    "h_views": {"zh": "多维度分级视图", "en": "Grades by frequency, loyalty, potential and lifecycle"},
    "contents": {"zh": "目录", "en": "Contents"},
    "h_concentration": {"zh": "客户集中度", "en": "Revenue concentration"},
    "h_migration": {"zh": "级别迁移（与上期比较）", "en": "Tier migration against the previous window"},
    "h_sensitivity": {"zh": "阈值敏感性", "en": "Threshold sensitivity"},
    "migration_intro": {"zh": "上期为 {start} 至 {end}，使用相同的价值分级规则。",
                        "en": "The previous window is {start} to {end}, graded by the same value rule."},
    "s_down": {"zh": "{n} 家客户从{src}降为{dst}（共 {total} 家客户降级）。",
               "en": "{n} {n|customer|customers} moved down from {src} to {dst} ({total} moved down in all)."},
    "s_up": {"zh": "{n} 家客户从{src}升为{dst}（共 {total} 家客户升级）。",
             "en": "{n} {n|customer|customers} moved up from {src} to {dst} ({total} moved up in all)."},
    "s_total_growth": {"zh": "合计行的较上期增长按全部采购额计算，含本期未再采购的上期客户（上期采购额 {lost}）。",
                       "en": "The total's growth compares all revenue with the previous window's, including the "
                             "customers who have not bought again ({lost} then)."},
    "s_growth_like_for_like": {
        "zh": "各级别的较上期增长只比较两期都有采购的客户（可比客户），上期未采购的新客户的采购额单列；"
              "两期都有采购的客户不足 {n} 家且不足该级一半、或其采购额不足该级一半时，不列增长（–）。",
        "en": "Each tier's growth compares only its customers who bought in both windows (like-for-like), with new "
              "customers' revenue shown apart; it is left out (–) where fewer than {n} of them and under half of the "
              "tier's customers bought in both, or they bring under half of the tier's revenue.",
    },
    # "new this window" read against the lifecycle's 新客户 (first purchase in the last 90 days) as a contradiction
    "s_new_lost": {"zh": "{new} 家客户上期未采购、本期有采购（新开发或恢复采购）；{lost} 家上期客户本期未采购"
                         "（上期采购额 {revenue}）。",
                   "en": "{new} {new|customer|customers} bought this window but not in the previous one (new or "
                         "returning); {lost} {lost|customer|customers} of the previous window did not buy (previous "
                         "revenue {revenue})."},
    "s_lost_upper": {"zh": "其中 {n} 家上期属于较高级别（{tiers}），上期采购额 {revenue}，占本期未采购客户上期采购额的 {share}。",
                     "en": "Of them, {n} {n|was|were} in the upper tiers then ({tiers}), with {revenue} of revenue, "
                           "{share} of what the customers who did not buy again bought then."},
    # the top tier's customers gone quiet: bought in the window, but not in its last at_risk_days
    "s_quiet": {"zh": "{n} 家{tier}最近 {days} 天以上没有采购，合计采购额 {revenue}（占该级的 {share}），"
                      "其中最大的是：{examples}。宜优先回访，了解原因。",
                "en": "{n} {tier} {n|customer has|customers have} not bought for {days} days or more before the "
                      "window's end, with {revenue} of revenue ({share} of the tier); the largest: {examples}. "
                      "Call on them first to learn why."},
    "s_quiet_all": {"zh": "{n} 家{tier}最近 {days} 天以上没有采购，合计采购额 {revenue}（占该级的 {share}）：{examples}。"
                          "宜优先回访，了解原因。",
                    "en": "{n} {tier} {n|customer has|customers have} not bought for {days} days or more before the "
                          "window's end, with {revenue} of revenue ({share} of the tier): {examples}. Call on "
                          "{n|it|them} first to learn why."},
    "s_tier_count": {"zh": "{tier} {n} 家", "en": "{tier}: {n}"},
    "s_quiet_single": {"zh": "{tier}中的 {who} 最近一次采购距期末已 {last} 天，其采购额 {revenue}，占该级的 {share}。"
                             "宜优先回访，了解原因。",
                       "en": "{who}, of the {tier} tier, last bought {last} days before the window's end; it brought "
                             "{revenue} of revenue, {share} of the tier. Call on it first to learn why."},
    "s_quiet_one": {"zh": "{who}（采购额 {revenue}，最近一次采购距期末 {days} 天）",
                    "en": "{who} ({revenue}, last purchase {days} days before the window's end)"},
    "s_neither": {"zh": "{n} 家客户两期都没有采购（只有退货或赠品），列在“{row}”行与“{col}”列交叉的一格。",
                  "en": "{n} {n|customer|customers} bought in neither window (returns or free goods only): in the "
                        "cell where the row '{row}' meets the column '{col}'."},
    "move_up": {"zh": "升级", "en": "Moved up"}, "move_same": {"zh": "保持", "en": "Stayed"},
    "move_down": {"zh": "降级", "en": "Moved down"}, "move_new": {"zh": "上期未采购", "en": "No purchase before"},
    "move_lost": {"zh": "本期未采购（上期有采购）", "en": "Bought before, not now"},
    "move_none": {"zh": "两期均未采购（只有退货或赠品）", "en": "No purchase in either window (returns or free goods only)"},
    "sensitivity_intro": {"zh": "每个阈值分别下调、上调 {step} 时，级别会发生变化的客户数与其采购额（订单数等整数阈值至少移动 1）。",
                          "en": "Customers, and their revenue, that would change tier if each threshold moved down or up by {step} "
                                "(a threshold in whole numbers, such as a number of orders, moves by at least one)."},
    "sensitivity_no_value": {"zh": "价值分级不按金额阈值划分（见方法与参数），没有可移动的阈值，下表不含价值分级。",
                             "en": "The value grade is not cut at revenue thresholds (see the method), so it has none to "
                                   "move and is not in the table."},
    "col_grader": {"zh": "分级维度", "en": "Grader"}, "col_threshold": {"zh": "阈值", "en": "Threshold"},
    "col_moved_to": {"zh": "调整为", "en": "Moved to"}, "col_customers_changed": {"zh": "变动客户数", "en": "Customers changing tier"},
    "col_revenue_changed": {"zh": "涉及采购额", "en": "Their revenue"}, "col_move": {"zh": "变动", "en": "Move"},
    "col_revenue_previous": {"zh": "上期采购额", "en": "Revenue, previous window"},
    "col_revenue_current": {"zh": "本期采购额", "en": "Revenue, this window"},
    "col_growth": {"zh": "较上期增长", "en": "Growth"},  # not 同比: a 6-month window is compared with the 6 months before
    # customers with no purchase in the previous window (new, or back after a gap): not 新客户, the lifecycle stage
    "col_new_revenue": {"zh": "上期未采购客户的采购额", "en": "Revenue of customers not buying before"},
    "col_previous_revenue": {"zh": "上期采购额（各级：两期均采购的客户；合计：全部）",
                             "en": "Previous revenue (tiers: customers buying in both windows; total: all)"}, "col_item": {"zh": "项目", "en": "Item"},
    "col_value": {"zh": "内容", "en": "Value"},
    "name_value": {"zh": "价值", "en": "Value"}, "name_frequency": {"zh": "频次", "en": "Frequency"},
    "name_loyalty": {"zh": "忠诚度", "en": "Loyalty"}, "name_potential": {"zh": "潜力", "en": "Potential"},
    "name_rfm": {"zh": "RFM", "en": "RFM"}, "name_lifecycle": {"zh": "生命周期", "en": "Lifecycle"},
    "name_composite": {"zh": "综合", "en": "Composite"}, "name_kmeans": {"zh": "聚类（探索）", "en": "Clusters (exploratory)"},
    # equal values split by ID (ties: split): said, or 1 – 6 then 6 – 11 reads as a mistake (trainer QA)
    "rule_rank": {"zh": "按{feature}从低到高等分为 {k} 组，第 {i} 组，{feature}相同时按客户编码拆分（实际 {observed}）",
                  "en": "group {i} of {k} equal groups by {feature}, lowest first, equal {feature} split by customer "
                        "ID ({observed})"},
    # ties together: the groups are as equal as the ties allow, not equal (13 / 8 / 9: QA read a broken promise)
    "rule_rank_together": {"zh": "按{feature}从低到高分为人数大致相同的 {k} 组，第 {i} 组；{feature}相同的客户同组，"
                                 "故各组人数不尽相同（实际 {observed}）",
                           "en": "group {i} of {k} groups of about equal size by {feature}, lowest first; customers "
                                 "with equal {feature} share a group, so sizes differ ({observed})"},
    "rule_rfm_scores": {"zh": "R、F、M 分别按距期末天数、订单数、采购额排名打 1–5 分（最近采购、订单最多、采购额最高为 5 分），"
                              "数值相同的客户得分相同；FM = (F+M)/2，向上取整",
                        "en": "R, F and M are scored 1–5 by rank of days since last purchase, orders and revenue (5: the "
                              "most recent, the most orders, the most revenue), and customers with equal values share a "
                              "score; FM = (F+M)/2, rounded up"},
    "rule_pareto": {"zh": "按采购额从高到低，累计采购额占比 {after} 至 {upto} 的客户；越过 {upto} 的那家客户也在这一级",
                    "en": "customers bringing the revenue share from {after} to {upto}, largest first; the customer "
                          "crossing {upto} is in this tier"},
    "rule_pareto_last": {"zh": "其余客户，累计采购额占比 {after} 至 100%（越过 {after} 的那家客户在上一级）",
                         "en": "the other customers, bringing the revenue share from {after} to 100% (the customer "
                               "crossing {after} is in the tier above)"},
    "rule_shares": {"zh": "按采购额排名，占客户数 {share}", "en": "{share} of customers by revenue rank"},
    "rule_missing": {"zh": "无{feature}数据（如上期无采购）", "en": "{feature} not known (e.g. no purchase in the previous window)"},
    "rule_lost": {"zh": "最近一次采购距期末 ≥ {days} 天", "en": "last purchase {days} {days|day|days} or more before the window's end"},
    "rule_general": {"zh": "既非{lost}也非{loyal}", "en": "neither {lost} nor {loyal}"},
    "rule_loyal": {"zh": "复购率 ≥ {rate}，变异系数 ≤ {cv}，且最近一次采购距期末 ≤ {days} 天",
                   "en": "repurchase rate ≥ {rate}, stability (CV) ≤ {cv} and last purchase {days} {days|day|days} "
                         "or less before the window's end"},
    "rule_churned": {"zh": "最近一次采购距期末 ≥ {days} 天", "en": "last purchase {days} {days|day|days} or more before the window's end"},
    "rule_at_risk": {"zh": "最近一次采购距期末 ≥ {low} 天且 < {high} 天，或期内只有退货",
                     "en": "last purchase {low} days or more and under {high} days before the window's end, or "
                           "only returns in the window"},
    "rule_active": {"zh": "期内有订单，且最近一次采购距期末不到 {days} 天",
                    "en": "an order in the window, the last under {days} {days|day|days} before the window's end"},
    "rule_not_new": {"zh": "（{new}除外）", "en": " (not {new})"},
    "rule_new": {"zh": "首次采购距期末 ≤ {days} 天", "en": "first purchase ever {days} {days|day|days} or less before "
                                                      "the window's end"},
    "rule_kmeans_mean": {"zh": "平均{average}", "en": "on average {average}"},
    "rule_score_weights": {"zh": "综合得分 = 各指标百分位排名（0–1）的加权和 × 100（{weights}），100 为最好",
                           "en": "the score is 100 × the weighted sum of each feature's percentile rank, 0 to 1 "
                                 "({weights}), 100 the best"},
    "rule_score_lower": {"zh": "（越低越好）", "en": " (lower is better)"},
    "rule_kmeans": {"zh": "按{features}标准化后 k-means 聚类（k={k}），仅供探索", "en": "k-means on standardised {features} (k={k}); exploratory"},
    "repro_run": {"zh": "运行编号", "en": "Run"}, "repro_overrides": {"zh": "参数覆盖 (--set)", "en": "Overrides (--set)"},
    "repro_versions": {"zh": "软件版本", "en": "Versions"}, "repro_git": {"zh": "代码版本 (git)", "en": "Code version (git)"},
    "grader_value_tier": {"zh": "价值分级", "en": "Value"},
    "grader_frequency_tier": {"zh": "频次分级", "en": "Frequency"},
    "grader_loyalty_tier": {"zh": "忠诚度", "en": "Loyalty"},
    "grader_potential_tier": {"zh": "潜力", "en": "Potential"},
    "grader_lifecycle": {"zh": "生命周期", "en": "Lifecycle"},
    "grader_final_tier": {"zh": "综合分级", "en": "Final tier"},
    "grader_cluster": {"zh": "聚类", "en": "Cluster"},
    "chart_matrix_title": {"zh": "{rows} × {cols}（客户数）", "en": "{rows} x {cols} (customers)"},
    "chart_not_configured": {"zh": "参数文件未设置 {setting}", "en": "{setting} is not set in the params file"},
    "nb_no_master": {"zh": "本案例没有客户主数据（data.master），或所有编码都能对上。",
                     "en": "No customer master in this case (`data.master`), or every ID matches."},
    "nb_no_id_variants": {"zh": "没有写法不同的客户编码。", "en": "No customer ID is written two ways."},
    "migr_new": {"zh": "上期未采购", "en": "no purchase before"},  # the migration row of customers not buying before (not 新客户)
    "migr_lost": {"zh": "本期未采购", "en": "did not buy"},  # not 流失客户: the loyalty tier of that name
    "chart_migration_title": {"zh": "客户级别迁移（上期 → 本期，客户数）", "en": "Tier migration (previous → current, customers)"},
    "chart_migration_x": {"zh": "本期级别", "en": "Current tier"},
    "chart_migration_y": {"zh": "上期级别", "en": "Previous tier"},
    "chart_rfm_title": {"zh": "RFM 分布：最近购买 (R) × 频次与金额 (FM)", "en": "RFM: recency (R) x frequency and money (FM)"},
    "chart_rfm_x": {"zh": "FM 得分（(F+M)/2，向上取整）", "en": "FM score ((F+M)/2, rounded up)"},
    "chart_rfm_y": {"zh": "R 得分（5 = 最近）", "en": "R score (5 = most recent)"},
    # progress lines of a run, in the terminal and the executed notebooks
    "p_run_folder": {"zh": "运行文件夹 {path}", "en": "run folder {path}"},
    "p_step": {"zh": "{i}/{n} {notebook} 运行中 ...", "en": "{i}/{n} {notebook} ..."},
    "p_step_done": {"zh": "{i}/{n} {notebook} 完成，用时 {seconds} 秒", "en": "{i}/{n} {notebook} done in {seconds} s"},
    "p_step_failed": {"zh": "{notebook} 运行失败", "en": "{notebook} failed"},
    "p_pdf": {"zh": "正在生成 report.pdf ...", "en": "printing report.pdf ..."},
    "p_pdf_failed": {"zh": "警告：{chromium} 未能生成 report.pdf；report.html 完整可用",
                     "en": "warning: {chromium} could not print report.pdf; report.html is complete"},
    "p_wait_excel": {"zh": "等待 grades.xlsx 写完 ...", "en": "waiting for grades.xlsx ..."},
    "e_compare_one_case": {"zh": "--compare-with 指定的是一个案例要比较的运行；请只给一个参数文件（本次给了 {n} 个）",
                           "en": "--compare-with names the run to compare one case with; give one params file "
                                 "(this call gave {n})"},
    "e_compare_none": {"zh": "--compare-with：{folder} 中没有运行 {name}；{runs}",
                       "en": "--compare-with: no run {name} in {folder}; {runs}"},
    "e_compare_no_plain": {"zh": "--compare-with plain：{folder} 中还没有不带 --set 的成功运行；请先运行一次不带 --set 的 "
                                 "kit run（或 make report），或不写 --compare-with（与上次运行比较）",
                           "en": "--compare-with plain: {folder} holds no successful run made without --set yet; run "
                                 "the case once without --set first (kit run, or make report), or leave out "
                                 "--compare-with to compare with the previous run"},
    "e_compare_other_case": {
        "zh": "--compare-with：运行 {run} 属于案例 {before}（客户“{client_before}”），本次运行属于案例 {after}（客户“{client_after}”），"
              "不同案例或客户的客户与数据不同，比较没有意义；请选择 {folder} 中的一次运行，或不写 --compare-with，运行后若确要比较，"
              "用 kit compare {run} <本次运行的文件夹>",
        "en": "--compare-with: the run {run} is of case '{before}' (client '{client_before}'), this run of case "
              "'{after}' (client '{client_after}'): another case or client grades other customers and data, so nearly every "
              "customer would read as changed; choose a run in {folder}, or leave out --compare-with and, if you do "
              "mean to compare the two, run kit compare {run} <this run's folder> afterwards"},
    "e_compare_failed": {"zh": "--compare-with：运行 {run} 未成功（见其 manifest.json），请选择一次完成的运行；{runs}",
                         "en": "--compare-with: the run {run} did not succeed (see its manifest.json); choose a "
                               "finished run; {runs}"},
    "client_is_file": {"zh": "报告封面上的客户名称是“{client}”，即 kit init 按文件名起草的名称；请在参数文件的 client 中写上客户的正式名称",
                       "en": "the report's cover names the client '{client}', the file name kit init drafted; put "
                             "the client's name in the params file's client"},
    "tier_of": {"zh": "{grader}“{tier}”", "en": "{grader} '{tier}'"},
    "tiers_empty": {"zh": "没有客户属于这些级别：{tiers}（规则见上表）。",
                    "en": "No customer is in {tiers} (their rules are in the table above)."},
    "tiers_out_of_reach": {
        "zh": "{months} 个月的分级期间只有 {days} 天，{tiers}的规则要求的未采购天数超出了期间长度，"
              "期间内有采购的客户都无法进入；如需这些级别，请加长分级期间（period.months）。",
        "en": "A window of {months} {months|month|months} holds {days} days, fewer than the days without a purchase "
              "the rules of {tiers} ask for, so no customer who bought in the window can be there; a longer window "
              "(period.months) fills them."},
    "tiers_out_of_reach_months": {
        "zh": "{months} 个月的分级期间容不下{tiers}的规则要求的活跃月数，没有客户能进入；如需这些级别，请加长分级期间"
              "（period.months）或降低阈值。",
        "en": "A window of {months} {months|month|months} cannot hold the active months the rules of {tiers} ask "
              "for, so no customer can be there; a longer window (period.months), or lower thresholds, fill them."},
    "label_shared_one": {"zh": "“{label}”同时是{graders}的级别", "en": "'{label}' names a tier of {graders}"},
    "label_shared": {"zh": "{listed}：客户明细与 changes.csv 中难以区分；请在参数文件的 labels 中改用不同的名称",
                     "en": "{listed}: the customer sheet and changes.csv cannot tell them apart; give them different "
                           "names in the params file's labels"},
    "language_mixed_title": {"zh": "报告为中文，但参数文件中的标题为英文（{title}），封面将照原样显示：请在参数文件的 title 中改用中文",
                             "en": "the report is in Chinese, but the params file's title is English ({title}), which "
                                   "the cover shows as it is: give a Chinese title in the params file"},
    "language_mixed": {"zh": "报告为英文，但参数文件中的{what}为中文{shown}，报告将照原样显示：请在参数文件中改用英文（labels、title），"
                              "或为每种语言各备一份参数文件",
                       "en": "the report is in English, but the params file writes its {what} in Chinese"
                                       "{shown}, which the report shows as they are: give English ones in the params "
                                       "file (labels, title), or keep a params file per language"},
    "p_other_client": {"zh": "注意：本案例上次运行 {run} 的客户是“{before}”，本次是“{after}”，不作比较；不同客户请用不同的 case 名称",
                       "en": "note: not compared with the case's previous run {run}, which graded client '{before}' "
                             "(this run: '{after}'); give each client a case name of its own"},
    "p_not_compared": {"zh": "注意：未能与运行 {run} 比较（{problem}）；该运行文件夹可能被手工修改或删去了部分文件；要比较时，用 "
                             "--compare-with 选择另一次完成的运行，或运行后用 kit compare",
                       "en": "note: not compared with run {run} ({problem}); its folder may have been "
                             "edited or partly deleted by hand; choose another finished run with --compare-with, or "
                             "compare afterwards with kit compare"},
    "p_skipped_runs": {"zh": "注意：跳过了运行 {runs}：其文件夹缺少 grades.parquet，或没有可读的 manifest.json（可能被手工修改或删去了部分文件），"
                             "因此与更早的一次完成的运行比较；要与另一次运行比较，用 --compare-with",
                       "en": "note: passed over {n|run|runs} {runs}: {n|its folder has|their folders have} no grades.parquet, or "
                             "no manifest.json that reads (edited or partly deleted by hand?), so this run is compared "
                             "with an earlier finished one; to compare with another run, use --compare-with"},
    "p_skipped_runs_none": {"zh": "注意：跳过了运行 {runs}：其文件夹缺少 grades.parquet，或没有可读的 manifest.json（可能被手工修改或删去了部分"
                                  "文件），无法与之比较",
                            "en": "note: passed over {n|run|runs} {runs}: {n|its folder has|their folders have} no "
                                  "grades.parquet, or no manifest.json that reads (edited or partly deleted by hand?), "
                                  "so {n|it|they} cannot be compared with"},
    "p_comparing": {"zh": "正在与运行 {run} 比较分级结果", "en": "comparing the grades with run {run}"},
    "index_overrides": {"zh": "以下设置来自命令行的 --set（只用于这次运行），不是来自参数文件 {file}：{changes}",
                        "en": "Set on the command line with --set, for this run only, not in the params file {file}: "
                              "{changes}"},
    "index_set_mark": {"zh": "{name}（命令行 --set）", "en": "{name} (--set on the command line)"},
    "e_compare_out_exists": {"zh": "{file} 已存在；请用 -o 指定另一个文件名，或加上 --force 覆盖它{beside}",
                             "en": "{file} already exists; name another file with -o, or add --force to overwrite "
                                   "it{beside}"},
    "e_compare_no_folder": {"zh": "{folder}：没有这个文件夹；请给出 kit run 写出的运行文件夹，如 reports/<案例>/<运行编号>/",
                            "en": "{folder}: there is no such folder; give a run folder kit run wrote, such as "
                                  "reports/<case>/<run-id>/"},
    "e_compare_not_run": {"zh": "{folder}：不是一次完成的运行的文件夹（缺少 {missing}，kit run 在 reports/<案例>/<运行编号>/ 中写出它们）；"
                                "请给出一次运行的文件夹",
                          "en": "{folder}: not a finished run folder (it has no {missing}, which kit run writes in "
                                "reports/<case>/<run-id>/); give the folder of a run"},
    "e_compare_not_succeeded": {"zh": "{folder}：该次运行未成功（见其 manifest.json）；请比较两次完成的运行",
                                "en": "{folder}: that run did not succeed (see its manifest.json); compare two "
                                      "finished runs"},
    "e_compare_unreadable": {"zh": "{earlier} 与 {later} 无法比较（{problem}）；请给出 kit run 写出、未经手工修改的两个运行文件夹",
                             "en": "{earlier} and {later} could not be compared ({problem}); give two run folders "
                                   "as kit run wrote them, not edited by hand"},
    "e_compare_restated_beside": {"zh": "（kit compare 把重述的订单写在 {out} 旁的这个文件中）",
                                  "en": " (kit compare writes the restated orders there, beside {out})"},
    "compare_restated_removed": {"zh": "（已删除此前一次比较写出的 {file}：本次比较没有重述的订单）",
                                 "en": "(removed {file}, written by an earlier comparison: no order is restated in "
                                       "this one)"},
    "compare_restated_removed_uncompared": {
        "zh": "（已删除此前一次比较写出的 {file}：本次比较无法对照任何订单，见上一行，而非没有重述的订单）",
        "en": "(removed {file}, written by an earlier comparison: this one could compare no order, as the line above "
              "says, which is not to say that none is restated)"},
    "compare_orders_no_lines": {
        "zh": "  数据：无法对照两次运行的订单、查找重述的订单：{folder} 中没有 transactions.parquet（运行保留的订单行；"
              "较早版本的 kit 写出的运行没有它，或它已被删除）；请用本版本重新运行该案例后再比较",
        "en": "  data: no order could be compared for restatement: {folder} has no transactions.parquet (the order "
              "lines a run keeps; a run of an earlier kit version has none, or it was deleted); run the case again "
              "with this version to compare its orders"},
    "compare_orders_no_day_shared": {
        "zh": "  数据：无法对照两次运行的订单、查找重述的订单：两次运行保留的订单没有共同覆盖的日期（上次 {before_first} 至 "
              "{before_last}，本次 {after_first} 至 {after_last}）",
        "en": "  data: no order could be compared for restatement: the two runs' kept orders share no day (the "
              "earlier {before_first} to {before_last}, the later {after_first} to {after_last})"},
    "compare_orders_none_kept": {
        "zh": "  数据：无法对照两次运行的订单、查找重述的订单：{folder} 没有保留任何订单行",
        "en": "  data: no order could be compared for restatement: {folder} kept no order line"},
    "compare_mapping_pairs_unknown": {
        "zh": "  注意：运行 {run} 未保留其客户对照表的对照关系（较早版本的 kit 写出的运行，没有 same_customers.parquet），"
              "无从得知对照表对哪些客户有变化：金额与日期相同、计入另一客户的订单都按对照表的变化计（无订单号时这些日子仍记为"
              "消失和新增），两次都分级的客户按其指标说明",
        "en": "  note: run {run} kept no pairs of its mapping file (a run of an earlier kit: no same_customers.parquet), "
              "so which customers the mapping changed for is not known: every order of the same amount and day under "
              "another customer is taken as the mapping's (without order IDs such days stay gone and added), and a "
              "customer graded in both runs is told by its figures"},
    "compare_orders_by_day": {"zh": "  此处的订单与报告中相同：文件没有订单号，同一客户同一天的采购计为一单",
                              "en": "  orders here as in the report: the files have no order number, so a "
                                    "customer's purchases of one day count as one order"},
    "compare_restated_out": {"zh": "（加上 -o 文件名，这些订单会写入同名加 _restated 的 CSV，如 moves_restated.csv）",
                             "en": "(with -o FILE, these orders are written to FILE's name with _restated, such as "
                                   "moves_restated.csv)"},
    "p_first_run": {"zh": "本案例在 {folder} 下尚无此前的运行，无从比较；此后在此运行的结果都与上一次比较",
                    "en": "no earlier run of this case in {folder} to compare with; later runs there are compared "
                          "with the one before"},
    "p_note": {"zh": "提示：{text}", "en": "note: {text}"},
    "p_rows_read": {"zh": "{file}：已读取 {rows} 行", "en": "{file}: {rows} rows read"},
    "p_beside_unread": {"zh": "{file}：此表格旁边还有一个表格（{where}：{headers}）未读取；如它也是本案的订单（如另一年的，"
                               "列名不同），请在 data.columns 中为每列列出两个表格的写法（如 order_date: [日期, 销售日期]），"
                               "或在工作簿中把两个表格的表头改成一致，即作为一张表读取",
                        "en": "{file}: another table beside this one ({where}: {headers}) is not read; if it holds orders "
                              "of this case too (another year's, under other headers), list each column's headers of "
                              "both tables in data.columns (order_date: [日期, 销售日期], say), or give both tables the "
                              "same headers in the workbook, and they are read as one"},
    "p_beside_unread_lists": {"zh": "{file}：此表格旁边还有一个表格（{where}：{headers}）未读取，其各列与此表格相同、表头写法不同；"
                                     "如它也是本案的订单（如另一年的），请在参数文件的 data.columns 中写 {lists}，"
                                     "两个表格即作为一张表读取",
                              "en": "{file}: another table beside this one ({where}: {headers}) is not read; its "
                                    "columns are this one's under other headers: if it holds orders of this case too "
                                    "(another year's), write {lists} in data.columns of the params file, and both "
                                    "tables are read as one"},
    "p_reading_workbook": {"zh": "{file}：正在读取（{size}）", "en": "{file}: reading ({size})"},
    "p_parquet": {"zh": "{file}：Parquet 文件，直接读取", "en": "{file}: Parquet, scanned in place"},
    "p_merged": {"zh": "{file}：{rows} 行的合并单元格已按区域首格填充",
                 "en": "{file}: {rows} rows with merged cells filled from the cell above"},
    "p_customer_headings": {"zh": "{file}：{rows} 行订单的客户取自其上方的客户标题行（data.customer_headings），"
                                  "{headings} 个标题行本身单列为标题行",
                            "en": "{file}: {rows} order {rows|line takes its|lines take their} customer from the "
                                  "heading row above (data.customer_headings); the {headings} heading "
                                  "{headings|row is|rows are} set aside as such"},
    "p_above_first_heading": {"zh": "{file}：{rows} 行订单在第一个客户标题行之上，没有客户，单列为“在第一个客户标题行之上”；"
                                    "如是某客户的订单，请在其上方加一行“客户：客户名”",
                              "en": "{file}: {rows} order {rows|line is|lines are} above the first customer heading "
                                    "row, with no customer: set aside as before the first customer heading; if "
                                    "{rows|it is|they are} a customer's, write a heading row (Customer: <name>, "
                                    "客户：<name>) above {rows|it|them}"},
    "p_filled_down": {"zh": "{file}：{rows} 行的空单元格已按上方的值填充（data.fill_down）",
                      "en": "{file}: {rows} rows with empty cells filled from the row above (data.fill_down)"},
    "p_summary_sheet": {"zh": "{file}：工作表名称表明是汇总表，多半是其他工作表的合计，未读取；如其中是另外的订单，请在 "
                               "data.sheet 中列出要读取的各工作表",
                         "en": "{file}: named as a summary, most likely of the other sheets, and not read; if it holds "
                               "orders of its own, list the sheets to read in data.sheet"},
    "p_formulas_priced": {"zh": "{file}：“{column}”列是尚未计算的公式（文件由程序生成、未在 Excel 中保存过，读出来是 0 或空），"
                                 "金额按 {quantity} × {price} 计算",
                           "en": "{file}: the column '{column}' holds formulas never calculated (a workbook a program "
                                 "wrote and Excel never saved: they read 0 or empty), so amounts are {quantity} × {price}"},
    "p_hidden_rows": {"zh": "{file}：{rows} 行是隐藏行，照常读取（结束时列出其金额）",
                      "en": "{file}: {rows} hidden {rows|row|rows}, read as the others (their amount is said at the end)"},
    "p_red_returns": {"zh": "{file}：{n} 个金额用红色字体书写（红字，合计 {total}），按退货（负数）计",
                      "en": "{file}: {n} {n|amount|amounts} in red font (红字, {total} in all) counted as "
                            "{n|a return|returns}, negative"},
    "p_red_credits": {"zh": "{file}：贷方列有 {n} 个金额用红色字体书写（合计 {total}），按冲销贷方计（取负数，借方减贷方时加回）",
                      "en": "{file}: {n} {n|credit|credits} in red font ({total} in all) counted as "
                            "{n|a credit|credits} reversed, negative (debit minus credit adds {n|it|them} back)"},
    "p_red_sales": {"zh": "{file}：{n} 个金额用红色字体书写（合计 {total}），按所写金额计入（cleaning.red_amounts: sales）",
                    "en": "{file}: {n} {n|amount|amounts} in red font ({total} in all) counted as written "
                          "(cleaning.red_amounts: sales)"},
    "p_struck_void": {"zh": "{file}：{n} 行的金额带删除线（作废，合计 {total}），单列、不计入（cleaning.struck_rows: void）",
                      "en": "{file}: {n} {n|line|lines} with {n|its|their} amount struck through (作废, {total} in all) "
                            "set aside as voided (cleaning.struck_rows: void)"},
    "p_struck_count": {"zh": "{file}：{n} 行的金额带删除线（合计 {total}），按所写金额计入（cleaning.struck_rows: count）",
                       "en": "{file}: {n} {n|line|lines} with {n|its|their} amount struck through ({total} in all) "
                             "counted as written (cleaning.struck_rows: count)"},
    "p_side_blocks": {"zh": "{file}：同一表头（{headers}）的 {n} 个表格并排放置（{blocks}），合并为一张表读取；"
                            "台账中每行按其所在的列区分",
                      "en": "{file}: {n} tables side by side under the same headers ({headers}) ({blocks}) are read "
                            "as one table; the ledger tells each line's block by its columns"},
    "p_side_blocks_named": {"zh": "{file}：{n} 个表格并排放置（{blocks}），表头写法不同但 data.columns 列为同一列（{named}），"
                                  "合并为一张表读取；台账中每行按其所在的列区分",
                            "en": "{file}: {n} tables side by side ({blocks}) under headers written differently that "
                                  "data.columns lists as the same columns ({named}) are read as one table; the "
                                  "ledger tells each line's block by its columns"},
    "p_side_block_both_names": {"zh": "{file}：此表格有 {taken} 列，也有 {other} 列，data.columns 把它们列为同一列，读取的是"
                                      "列在前面的 {taken}；如该表格的 {other} 才是这一列（如 {taken} 是发货日期），请在列表中把 "
                                      "{other} 排在前面",
                                "en": "{file}: this table has a column {taken} and a column {other}, which data.columns "
                                      "lists as one column: {taken}, listed first, is read; if {other} is that column "
                                      "in this table ({taken} the shipping date, say), list {other} first"},
    "p_hidden_sheet": {"zh": "{file}：隐藏工作表，已跳过", "en": "{file}: hidden sheet, skipped"},
    "p_other_sheet": {"zh": "{file}：{kind}，不含单元格数据，已跳过", "en": "{file}: {kind}, no cells to read, skipped"},
    "p_empty_sheet": {"zh": "{file}：{reason}，已跳过", "en": "{file}: {reason}, skipped"},
    "p_no_header": {"zh": "{file}：没有 {missing} 列，已跳过", "en": "{file}: no {missing} header, skipped"},
    "p_ditto": {
        "zh": "{file}：“{column}”列有 {n} 个单元格写作“{mark}”等（同上），已取上一行的值",
        "en": "{file}: {n} {n|cell|cells} of '{column}' read '{mark}' or alike (as above), and took the value of the "
              "row above",
    },
    "p_copy_sheet": {
        "zh": "{file}：其订单与工作表 {shown} 重复，已跳过，以免重复计算（如需读取，请在 data.sheet 中列出）",
        "en": "{file}: its orders repeat those of {n|sheet|sheets} {shown}, skipped so that they count once (list "
              "the sheets in `data.sheet` to read it)",
    },
    "p_joined_all": {"zh": "{file}：已关联 {files}，每行都找到对应记录",
                     "en": "{file}: joined with {files}, every line matched"},
    "p_joined": {"zh": "{file}：已关联 {files}；{said}", "en": "{file}: joined with {files}: {said}"},
    "p_join_missing": {"zh": "{rows} 行找不到对应记录，已单列", "en": "{rows} without a match, set aside"},
    "p_join_kept": {"zh": "{rows} 行找不到唯一的对应记录，照常分级（该文件只提供客户名称、地区等属性，这些行的属性为空）",
                    "en": "{rows} without a single matching row, graded all the same (the file gives only the "
                          "customer's name, region and such, which those lines lack)"},
    "p_join_ambiguous": {"zh": "{rows} 行的关联键对应多行且内容不同，已单列",
                         "en": "{rows} whose key is on rows that differ, set aside"},
    "p_join_unused": {"zh": "{file}：{n} 个关联键没有对应的订单行（不计入分级）",
                      "en": "{file}: {n} {n|key has|keys have} no order line (not graded)"},
    "p_wide": {"zh": "{file}：按月份列读取，{rows} 行中有金额的月份共 {lines} 个（{first} 至 {last}）",
               "en": "{file}: a column per month, {lines} month cells with an amount in {rows} rows ({first} to {last})"},
    "p_cleaning": {"zh": "{file}：清洗中", "en": "{file}: cleaning"},
    "p_still": {"zh": "{line}（仍在进行，已 {seconds} 秒）", "en": "{line} (still running, {seconds} s)"},
    "p_typed": {"zh": "{file}：金额、日期与编码已识别；正在查找重复行，补全整单信息",
                "en": "{file}: amounts, dates and IDs read; looking for repeated rows and order-level fields"},
    "p_writing": {"zh": "正在写入 transactions.parquet", "en": "writing transactions.parquet"},
    "p_same_unmatched": {"zh": "cleaning.same_customers 中有 {n} 种写法在订单中没有出现（{names}）：请核对写法是否与数据一致（见 grades.csv）",
                         "en": "{n} {n|customer|customers} cleaning.same_customers names as written {n|is|are} on no "
                               "order line ({names}): check {n|it is|they are} written as the data writes {n|it|them} "
                               "(see grades.csv)"},
    "p_kept": {"zh": "transactions.parquet：保留 {rows} 行", "en": "transactions.parquet: {rows} rows kept"},
    "p_memory_retry": {"zh": "这一步在清洗的内存上限（{low}）内无法完成，已以更高的上限（{high}）重新执行；结果与内存充足时相同，"
                             "只是占用的内存更多",
                       "en": "this step could not finish within the cleaning's memory limit ({low}) and was run again "
                             "with a higher limit ({high}); the results are the same as with enough memory, only more "
                             "memory was used"},
    "n_memory_retry": {"zh": "清洗中有一步超出了内存上限（{low}），已以更高的上限（{high}）重新执行：结果不变，但本次运行"
                             "占用的内存更多；如在内存较小的电脑上运行同一文件，可能因内存不足而停止",
                       "en": "one step of the cleaning needed more than its memory limit ({low}) and was run again with "
                             "a higher limit ({high}): the results are unchanged, but the run used more memory, and "
                             "the same file may stop for lack of memory on a computer with less of it"},
    "p_features": {"zh": "{file}：正在计算每家客户的指标", "en": "{file}: computing features per customer"},
    "p_bought": {"zh": "{file}：分级期间有 {n} 家客户采购，上一期间 {previous} 家",
                 "en": "{file}: {n} {n|customer|customers} bought in the window, {previous} in the one before"},
    "p_bought_no_purchase": {"zh": "；另有 {n} 家分级期间只有退货、作废或赠品行，也列入分级",
                             "en": "; {n} more had only returns, cancellations or free goods in the window, "
                                   "and {n|is|are} graded too"},
    # errors (kit.errors): one sentence naming the file, the key or the row, and what is expected
    "e_run_stopped": {"zh": "{notebook} 在{where}处停止：{error}", "en": "{notebook} stopped in {where}: {error}"},
    "e_cell": {"zh": "第 {cell} 个单元格", "en": "cell {cell}"},
    "e_a_cell": {"zh": "某个单元格", "en": "a cell"},
    "e_prompt": {"zh": "（执行序号 In [{n}]）", "en": " (In [{n}])"},
    "e_file_no_type": {"zh": "{file}：文件名没有扩展名，无法判断文件类型；如是文本导出（以逗号、制表符或分号分隔），请改名为 {file}.csv 后重新运行",
                       "en": "{file}: the file name has no extension, so its type is unknown; if it is a text export "
                             "(values separated by commas, tabs or semicolons), rename it {file}.csv and run again"},
    "e_file_type": {"zh": "{file}：无法读取 {suffix} 类型的文件；请使用以下类型之一：{types}",
                    "en": "{file}: cannot read files of type {suffix}; use one of {types}"},
    "e_no_file": {"zh": "{file}：文件不存在", "en": "{file}: the file does not exist"},
    # cleaning.same_customers read from a file (a client's 主数据对照表): each a sentence naming the file and the row
    "e_same_no_column": {"zh": "{file}：`{key_name}` 写的列 {column} 不在文件中；文件的表头：{headers}",
                         "en": "{file}: the column {column} that `{key_name}` names is not in the file; its headers "
                               "are: {headers}"},
    "e_same_blank_graded_as": {"zh": "{file} 第 {row} 行：{value} 没有写应计入的客户（{column} 为空或 #N/A）{more}；"
                                     "请填上，或删去该行",
                               "en": "{file}, row {row}: {value} has no customer it is graded as ({column} is blank "
                                     "or #N/A){more}; fill it in or delete the row"},
    "e_same_blank_written": {"zh": "{file} 第 {row} 行：应计入 {value}，但 {column} 为空或 #N/A{more}；请写上客户在订单中的"
                                   "写法，或删去该行",
                             "en": "{file}, row {row}: {column} is blank or #N/A beside the customer it is graded as, "
                                   "{value}{more}; write the customer as the orders write it, or delete the row"},
    "e_same_twice": {"zh": "{file}：{value} 在第 {row} 行计入 {one}，在第 {other_row} 行计入 {other}{more}；"
                           "请只保留正确的一行",
                     "en": "{file}: {value} is graded as {one} on row {row} and as {other} on row {other_row}{more}; "
                           "keep only the right row"},
    "e_same_chain": {"zh": "{file}：第 {row} 行把 {value} 计入 {graded}，而第 {before_row} 行又把 {before} 计入 {value}"
                           "{more}；请直接写明最终计入的客户（{before} 计入 {final}）",
                     "en": "{file}: row {row} grades {value} as {graded}, and row {before_row} grades {before} as "
                           "{value}{more}; write the customer each is finally graded as ({before} as {final})"},
    "e_same_loop": {"zh": "{file}：{steps}互相计入，形成循环，没有一个是最终计入的客户；请删去那个本身就是标准客户的行",
                    "en": "{file}: {steps} grade each other in a loop, so none is the customer the others are graded "
                          "as; delete the row of the one that is the customer itself"},
    "e_empty_file": {"zh": "{file}：文件是空的", "en": "{file}: the file is empty"},
    # opened by hand after kit run, a notebook reads reports/<case>/interactive, which kit run never writes (review)
    "e_step_not_run": {"zh": "{folder} 中没有 {file}：请先为本案例运行笔记本 {step}，或在笔记本的参数单元格中将 run_dir 设为 "
                             "kit run 生成的运行文件夹",
                       "en": "{file} is not in {folder}: run the notebook {step} for this case first, or set run_dir "
                             "in the notebook's parameters cell to a run folder that kit run made"},
    "e_no_permission": {"zh": "{file}：文件无法打开（没有读取权限）",
                        "en": "{file}: the file cannot be opened (permission denied)"},
    "e_no_columns": {"zh": "{file}：文件中没有列", "en": "{file}: the file has no columns"},
    "e_quote_open": {"zh": "{file}：第 {row} 行有一个引号没有闭合，从该行到文件末尾的内容都被读进了一个单元格，其后的行无法读取："
                           "请在文本编辑器中补上或删去该行的引号",
                     "en": "{file}: a quote opened in row {row} is never closed, so everything from that row to the end "
                           "of the file reads as one cell and the rows after it cannot be read: close or remove that "
                           "quote in a text editor"},
    "e_quote_swallows": {"zh": "{file}：第 {row} 行的单元格 {start} 以引号开头，引号到 {lines} 行之后才闭合，中间的 {rows} 行被读进了这一个"
                               "单元格、不会被计入：请在文本编辑器中补上或删去该行的引号；若该单元格本就包含这些行（跨行的备注），"
                               "在参数中写 data.quoted_line_breaks: keep",
                         "en": "{file}: the cell {start} in row {row} opens a quote that closes only {lines} lines further "
                               "down, so the {rows} {rows|row|rows} between would read as that one cell and be lost: close "
                               "or remove that quote in a text editor, or, if the cell is meant to hold those lines (a "
                               "remark quoted over lines), set data.quoted_line_breaks: keep in the params"},
    "n_quoted_lines_kept": {"zh": "{file}：{cells} 个跨行的引号单元格中有 {rows} 行与文件各行格式相同（{where}），"
                                  "已按 data.quoted_line_breaks: keep 读作单元格内容、不作为单独的行：若引号是误加的，请在文本编辑器中补上或删去",
                            "en": "{file}: {cells} {cells|cell|cells} quoted over lines {cells|holds|hold} {rows} "
                                  "{rows|line|lines} in the file's own shape ({where}), read "
                                  "inside the cell as data.quoted_line_breaks: keep says, not as rows: if a quote "
                                  "was opened by mistake, close it in a text editor"},
    "e_row_too_long": {"zh": "{file}：第 {row} 行或其后的一行超过 {size} MB，无法读取（多半是某个引号没有闭合，其后的内容都被读进了"
                             "一个单元格）：请在文本编辑器中检查该行附近的引号",
                       "en": "{file}: row {row} or a row after it is longer than {size} MB and cannot be read (most "
                             "likely a quote left open, so that everything after it reads as one cell): check the "
                             "quotes around that row in a text editor"},
    "e_too_many_cells": {"zh": "{file}：无法读成表格（第 {row} 行有 {cells} 个单元格，而表头只有 {header_cells} 个）{hint}",
                         "en": "{file}: not a readable table (row {row} has {cells} cells, but the header has "
                               "{header_cells}){hint}"},
    "e_scientific_ids": {
        "zh": "{file}：{column} 列有 {n} 个客户编码被写成了科学计数法（如第 {row} 行的 {cell}），编码的数字已经丢失，"
              "不同客户会被当成同一个；请从源系统重新导出，或在 Excel 中把该列设为“文本”格式后重新输入或导入，再另存",
        "en": "{file}: {n} customer codes in the column {column} are written in scientific notation (such as {cell} on "
              "row {row}): their digits are lost, and different customers would be graded as one. Export the file "
              "again from the source system, or import it into Excel with that column as Text before saving it"},
    "e_several_currencies": {
        "zh": "{file}：{column} 列注明了多种货币，保留的订单行中：{told}；不同货币的金额不能相加。请每个案例只分级一种货币，"
              "其他货币的行用 cleaning.exclude 排除（例如 cleaning.exclude: {{{header}: [{others}]}}），或先把金额换算为同一货币",
        "en": "{file}: the column {column} names several currencies on the order lines kept: {told}; amounts in "
              "different currencies cannot be added up. Grade one currency per case, leaving the others out with "
              "cleaning.exclude (such as cleaning.exclude: {{{header}: [{others}]}}), or convert the amounts to one "
              "currency first"},
    "e_several_currencies_local": {
        "zh": "{file}：{column} 列注明了多种货币，保留的订单行中：{told}；不同货币的金额不能相加。文件中的 {twin} 列已把每行"
              "按汇率折为{one}：请把 data.columns.{field} 改为 {twin}（{field}: \"{twin_text}\"），各货币的订单都参与分级；"
              "不要用 cleaning.exclude 排除其他货币的行，那会漏掉这些客户",
        "en": "{file}: the column {column} names several currencies on the order lines kept: {told}; amounts in "
              "different currencies cannot be added up. The file's column {twin} gives every line in {one}, "
              "converted at its rate: map data.columns.{field} to it ({field}: \"{twin_text}\") and every "
              "currency's orders are graded; leaving the other currencies out with cleaning.exclude would leave "
              "those customers out"},
    "excluded_currency_note": {
        "zh": "cleaning.exclude 按 {column} 排除了 {n} 条订单行（占读取的订单行的 {share}）：{each}；其中 {left} 家客户的订单行"
              "全部被排除，未参与分级。各货币的金额分别列出（清洗记录中“排除”一行的金额是多种货币之和，不能当作一种货币读）；"
              "如要分级全部客户，请改用已按汇率折为同一货币的金额列；见 excluded_currencies.csv",
        "en": "cleaning.exclude left out {n} order lines by {column} ({share} of the order lines read): {each}; "
              "{left} customers had all their lines left out and are not graded. Each currency's amount is given "
              "in that currency (the ledger's amount of lines excluded adds several currencies, so it reads as "
              "none); to grade every customer, map an amount converted to one currency instead; see "
              "excluded_currencies.csv"},
    "excluded_currency_each": {"zh": "{currency} {n} 行（{amount} {currency}）", "en": "{currency} {n} {n|line|lines} ({amount} {currency})"},
    "e_marked_currencies": {
        "zh": "{file}：{column} 列的金额写着多种货币：{told}；不同货币的金额不能相加。请按货币把文件拆开（每个案例只分级一种货币），"
              "或先把金额换算为同一货币",
        "en": "{file}: the column {column} writes its amounts in several currencies: {told}; amounts in different "
              "currencies cannot be added up. Split the file by currency (one currency per case), or convert the "
              "amounts to one currency first"},
    "e_marked_currencies_files": {
        "zh": "各文件的金额写着不同的货币：{told}；不同货币的金额不能相加。请每个案例只分级一种货币，或先把金额换算为同一货币",
        "en": "the files write their amounts in different currencies: {told}; amounts in different currencies cannot "
              "be added up. Grade one currency per case, or convert the amounts to one currency first"},
    "e_marked_other_currency": {
        "zh": "{file}：{column} 列的金额写着 {mark}（{code}），而参数文件的 currency 是 {currency}；如金额确是 {code}，"
              "请把 currency 改为 {code}，否则请先把金额换算为 {currency}",
        "en": "{file}: the column {column} writes its amounts in {code} ({mark}), while the params file's currency is "
              "{currency}; if the amounts are in {code}, set currency: {code}, else convert them to {currency} first"},
    "e_marked_currency": {"zh": "{code} {n} 行（如第 {row} 行的 {cell}）",
                          "en": "{code} on {n} {n|line|lines} (such as {cell} on row {row})"},
    "e_header_reordered": {
        "zh": "{file}：第 {row} 行又是一行表头，但各列的顺序不同（{cells}）：其下的行来自列顺序不同的另一次导出，按上方的表头会读错。"
              "请在该行处把数据拆成两个文件或工作表（各有自己的表头），再在 data.path 或 data.sheet 中把两者都列出",
        "en": "{file}: row {row} is a header row again, with the columns in another order ({cells}): the rows below it "
              "come from another export whose columns differ, and would be read under the header above. Split the "
              "data at that row into two files or sheets, each under its own header, and list both in data.path or "
              "data.sheet"},
    "e_other_currency": {
        "zh": "{file}：{column} 列注明订单行的货币是 {code}，而参数文件的 currency 是 {currency}；请把 currency 改为 {code}，"
              "报告的金额才会写对货币",
        "en": "{file}: the column {column} says the order lines are in {code}, but the params file's currency is "
              "{currency}; set currency: {code} so that the report writes the amounts in their currency"},
    "e_unknown_encoding": {"zh": "{file}：data.encoding 中的编码 {encoding} 无法识别",
                           "en": "{file}: unknown encoding {encoding} in data.encoding"},
    "e_encoding": {"zh": "{file}：文本不是 {tried} 编码；请把 data.encoding 设为文件实际的编码{hint}",
                   "en": "{file}: the text is not {tried}; set data.encoding to the file's encoding{hint}"},
    "e_fixed_width": {"zh": "{file}：这是按空格对齐的定宽文本报表，但无法从表头行确定各列的位置；请在原系统中另行导出为 CSV 或 Excel，"
                            "或在 Excel 中用“数据 > 分列 > 固定宽度”分列后另存为 .xlsx",
                      "en": "{file}: a fixed-width text report whose columns cannot be placed from its header line; "
                            "export it again as CSV or Excel, or split it in Excel (Data > Text to Columns > Fixed "
                            "width) and save it as .xlsx"},
    "e_fixed_overflow": {"zh": "{file}：第 {line} 行像是一笔订单，但有内容越过了报表的列边界（{text}），无法按固定宽度切分，也不能当作标题行略过；"
                               "请在原系统中修正这一行或另行导出为 CSV 或 Excel 后再运行",
                         "en": "{file}: line {line} looks like an order but is written across the report's columns "
                               "({text}), so it can be neither cut into them nor set aside as a title line; fix "
                               "that line, or export the report again as CSV or Excel, and run again"},
    "e_workbook_as_text": {"zh": "{file}：这是一个 Excel 工作簿（{kind}），只是文件名不是；请把扩展名改回 {kind}，或在 Excel 中另存为 CSV",
                           "en": "{file}: this is an Excel workbook ({kind}) under another name; rename it to {kind}, or "
                                 "save it as CSV from Excel"},
    "e_encoding_mixed": {"zh": "（前面的行含 {encoding} 编码的重音字母或汉字：文件混用了两种编码，请用一种编码重新保存）",
                         "en": "; the lines before it hold accents or Chinese in {encoding}, so the file mixes two "
                               "encodings: save it again in one"},
    "e_encoding_two": {"zh": "{file}：第 1 至 {last} 行是 {first} 编码，从第 {line} 行起是 {second} 编码，是两种编码的导出拼在一起的，"
                             "任何一种编码都读不全；请从第 {line} 行起把它拆成两个文件（各按自己的编码读取{hint}），"
                             "用 {pattern} 这样的模式一并给出，或用一种编码重新保存整个文件",
                       "en": "{file}: lines 1 to {last} are {first} and lines from {line} on are {second}, two exports "
                             "in two encodings pasted together that no one encoding reads; split it at line {line} "
                             "into two files (each is read in its own encoding{hint}) and give both as a pattern such as "
                             "{pattern}, or save the whole file again in one encoding"},
    "e_encoding_header_apart": {"zh": "{file}：第 1 行表头是 {first} 编码，而从第 {line} 行起的数据行是 {second} 编码，一个文件混用了两种编码，"
                                      "任何一种编码都读不全；请用一种编码重新保存整个文件（如用 {second} 重新写入表头）",
                                "en": "{file}: line 1, the header, is {first} but the rows from line {line} on are "
                                      "{second}: two encodings in one file, which no one encoding reads; save the "
                                      "whole file again in one encoding (writing the header again in {second}, say)"},
    "e_encoding_header_apart_titled": {
        "zh": "{file}：第 1 至 {last} 行（表头及其上方的标题行）是 {first} 编码，而从第 {line} 行起的数据行是 {second} 编码，一个文件混用了"
              "两种编码，任何一种编码都读不全；请用一种编码重新保存整个文件（如用 {second} 重新写入表头和标题行）",
        "en": "{file}: lines 1 to {last}, the header and the title lines above it, are {first} but the rows from line "
              "{line} on are {second}: two encodings in one file, which no one encoding reads; save the whole file "
              "again in one encoding (writing the header and the titles again in {second}, say)"},
    "e_encoding_two_header": {"zh": "；把第 1 行的表头复制到第二个文件的开头", "en": "; copy line 1, the header, to the top of the second"},
    "e_encoding_reads_as": {"zh": "（按 {encoding} 可以读出：{where}）", "en": "; it reads as {encoding} ({where})"},
    "e_encoding_detected": {"zh": "（按 {encoding} 可以读出：删去 data.encoding 即自动按此读取）",
                            "en": "; it reads as {encoding}: delete data.encoding and the kit reads it so"},
    "e_encoding_line": {"zh": "{file}：前面的行是 {encoding} 编码，但第 {line} 行不是；请把 data.encoding 设为文件实际的编码"
                              "{hint}",
                        "en": "{file}: the text is {encoding} until line {line}, which is not; set data.encoding to the "
                              "file's encoding{hint}"},
    "e_no_header": {"zh": "{file}：文件中没有数据行，也没有表头", "en": "{file}: the file has no rows or header"},
    "e_needs_xlrd": {"zh": "{file}：读取 .xls 工作簿的字体颜色、删除线和隐藏行需要 xlrd 软件包；请在套件的环境中运行 pip install xlrd 后重试",
                     "en": "{file}: reading the font colours, strikes and hidden rows of an .xls workbook needs the "
                           "xlrd package; run pip install xlrd in the kit's environment and try again"},
    "e_not_excel": {"zh": "{file}：不是可读取的 Excel 工作簿（{kind}）",
                    "en": "{file}: not a readable Excel workbook ({kind})"},
    "e_workbook_is_html": {
        "zh": "{file}：这不是 Excel 工作簿，而是以 {suffix} 命名的网页（HTML），网页版系统常这样导出表格；请用 Excel 打开它，"
              "另存为“Excel 工作簿（.xlsx）”，再把 data.path 指向新文件",
        "en": "{file}: this is no Excel workbook but a web page (HTML) under an {suffix} name, as web systems export "
              "tables; open it in Excel, save it as an Excel workbook (.xlsx) and point data.path at that file"},
    "e_workbook_is_xml": {
        "zh": "{file}：这不是 Excel 工作簿，而是以 {suffix} 命名的 Excel 2003 XML 表格（XML Spreadsheet），网页版系统常这样导出"
              "表格；请用 Excel 打开它，另存为“Excel 工作簿（.xlsx）”，再把 data.path 指向新文件",
        "en": "{file}: this is no Excel workbook but an Excel 2003 XML spreadsheet (XML Spreadsheet) under an {suffix} "
              "name, as web systems export tables; open it in Excel, save it as an Excel workbook (.xlsx) and point "
              "data.path at that file"},
    "e_workbook_is_text": {
        "zh": "{file}：这不是 Excel 工作簿，而是以 {suffix} 命名的文本文件（各列以制表符或逗号分隔）；请把扩展名改为 .csv，"
              "再把 data.path 指向它",
        "en": "{file}: this is no Excel workbook but a text file (columns separated by tabs or commas) under an "
              "{suffix} name; rename it to .csv and point data.path at it"},
    "e_not_parquet": {"zh": "{file}：不是可读取的 Parquet 文件（{kind}）",
                      "en": "{file}: not a readable Parquet file ({kind})"},
    "e_repeated_totals": {
        "zh": "{file}：在有多行的订单中，{same} 个（共 {multi} 个）订单的每一行金额都相同（{column}，如订单 {example}：{lines} 行，"
              "每行 {amount}），看来是把整单金额写在了每一行上：按行相加，一个订单会被计算 {lines} 次。如 {column} 是整单金额，"
              "请在参数中设置 `cleaning.order_totals: once`（每个订单只计一次）；如它确是每行自己的金额，请设置 "
              "`cleaning.order_totals: lines`",
        "en": "{file}: in {same} of the {multi} orders of several lines, every line carries the same amount in {column} "
              "(order {example}: {lines} lines of {amount} each), which looks like the order's total written on each "
              "of its lines: summed line by line, such an order counts {lines} times. If {column} is the order's "
              "total, set `cleaning.order_totals: once` (each order's amount counted once); if it is each line's own "
              "amount, set `cleaning.order_totals: lines`"},
    "walk_in_graded": {"zh": "{listed} 看来是记在同一名称下的散客销售，各按一家客户分级；如是多位买家，可用 cleaning.exclude 排除",
                       "en": "{listed} {n|looks|look} like walk-in sales under one name, each graded as one customer; "
                             "if {n|it holds|they hold} many buyers, leave {n|it|them} out with cleaning.exclude"},
    "e_cr_only": {"zh": "{file}：各行只以回车符（CR，旧版 Mac 的格式）结尾，读不出行：请在 Excel 或文本编辑器中打开并另存为 "
                        "CSV（UTF-8）",
                  "en": "{file}: its lines end with a carriage return alone (CR, the old Mac format), so no line can "
                        "be told apart: open it in Excel or a text editor and save it again as CSV (UTF-8)"},
    "e_uncalculated": {"zh": "{file}：工作表 {sheet} 的“{column}”列是公式，但文件中没有计算结果（由程序生成、从未在 Excel "
                              "中保存的文件就是这样，每个单元格都读作 0 或空）：请用 Excel 打开该文件并保存，使公式算出结果，然后再运行",
                        "en": "{file}: the column '{column}' of sheet {sheet} holds formulas the file has no results for "
                              "(a workbook a program wrote and Excel never saved: every cell reads 0 or empty): open it "
                              "in Excel, save it so that the formulas are calculated, and run again"},
    "e_uncalculated_priced": {"zh": "{file}：工作表 {sheet} 的“{column}”列是公式，但文件中没有计算结果（由程序生成、从未在 Excel "
                                     "中保存的文件就是这样），且并非每个公式都是本行的 {quantity} × {price}（如 {cell}），"
                                     "这些行的金额无法重算：请用 Excel 打开该文件并保存，使公式算出结果，然后再运行",
                               "en": "{file}: the column '{column}' of sheet {sheet} holds formulas the file has no "
                                     "results for (a workbook a program wrote and Excel never saved), and not every "
                                     "one is {quantity} × {price} of its row ({cell} is not), so those lines' amounts "
                                     "cannot be worked out again: open it in Excel, save it so that the formulas are "
                                     "calculated, and run again"},
    "e_red_amounts": {"zh": "{file}：{sheets|工作表|各工作表} {sheet} 的“{column}”列有 {n} 个正数金额用红色字体书写（合计 {total}；{cells}）。"
                            "手工台账中的红字通常是退货、冲销或作废，照写的正数计入会多算收入：请在参数文件的 cleaning 下设 "
                            "`red_amounts: returns` 按退货（负数）计，或设 `red_amounts: sales`（红色只是标注）按所写金额计入",
                      "en": "{file}: {sheets|sheet|sheets} {sheet} {sheets|writes|write} {n} positive {n|amount|amounts} of '{column}' in red font "
                            "({total} in all; {cells}); in a hand-kept ledger red ink (红字) is a return, a credit note "
                            "or a cancellation, and counted as written {n|it|they} would overstate revenue: set "
                            "`red_amounts: returns` under cleaning in params to count {n|it|them} as negative, or "
                            "`red_amounts: sales` if the red only highlights {n|it|them}"},
    "e_struck_rows": {"zh": "{file}：{sheets|工作表|各工作表} {sheet} 的“{column}”列有 {n} 行金额带删除线（合计 {total}；{cells}）。"
                            "手工台账中带删除线的行通常是作废的行，照常计入会多算收入：请在参数文件的 cleaning 下设 "
                            "`struck_rows: void` 将其作为作废行单列、不计入，或设 `struck_rows: count`（删除线另有含义）按所写金额计入",
                      "en": "{file}: {sheets|sheet|sheets} {sheet} {sheets|strikes|strike} through the '{column}' amount of {n} {n|line|lines} "
                            "({total} in all; {cells}); in a hand-kept ledger a line struck through is voided (作废), "
                            "and counted {n|it|they} would overstate revenue: set `struck_rows: void` under cleaning "
                            "in params to set {n|it|them} aside as voided, or `struck_rows: count` if the strike "
                            "means something else"},
    "e_far_cell": {"zh": "{file}：工作表 {sheet} 的单元格一直延伸到 {cell}（{rows} 行 × {columns} 列，共 {cells} 个单元格），"
                         "远超其中的数据，读取时这些单元格都要载入内存：请在 Excel 中按 Ctrl+End 找到该单元格，删除表格以外的行和列后保存，"
                         "或把该表另存为 CSV",
                   "en": "{file}: sheet {sheet} reaches cell {cell} ({rows} rows × {columns} columns, {cells} cells), far "
                         "beyond its data, and reading it would hold every one of those cells in memory: in Excel, press Ctrl+End "
                         "to find that cell, delete the rows and columns beyond the table and save, or save the "
                         "sheet as CSV"},
    "e_sheet_without_cells": {"zh": "{file}：工作表 {sheet} 是{kind}，不含可读取的单元格；请在 `data.sheet` 中改写为含订单的"
                                    "工作表：{sheets}",
                              "en": "{file}: sheet {sheet} is a {kind}, with no cells to read; name a sheet of orders "
                                    "in `data.sheet` instead: {sheets}"},
    "e_no_sheet": {"zh": "{file}：工作簿中没有工作表 {sheet}；现有的工作表：{sheets}",
                   "en": "{file}: there is no sheet {sheet} in the workbook; its sheets are: {sheets}"},
    "e_sheet_renamed": {"zh": "{error}。`data.sheet: all` 会读取每个含订单日期的工作表：请把该表的表头也写上，"
                              "例如在 `data.columns` 中写成列表 `amount: [金额, 金额（元）]`，或在 `data.sheet` 中列出要读的工作表",
                        "en": "{error}. A sheet with order dates is read by `data.sheet: all`: name its header too, as a "
                              "list such as `amount: [金额, 金额（元）]` in `data.columns`, or list the sheets to read in "
                              "`data.sheet`"},
    "e_no_sheet_header": {"zh": "{file}：没有哪个工作表的表头含有 {headers}；现有的工作表：{sheets}",
                          "en": "{file}: no sheet has a header row with {headers}; its sheets are: {sheets}"},
    "e_header_row_wrong": {
        "zh": "{file}：`data.header_row` 指定的第 {row} 行不含 `{section}` 中的表头（{named}）；{read}；"
              "请把 `data.header_row` 设为表头所在的行，或删去这一项，由工具自动查找",
        "en": "{file}: row {row}, the header row `data.header_row` gives, does not hold the headers named in `{section}` "
              "({named}); {read}; set `data.header_row` to the row that holds them, or leave it out and the kit "
              "finds it"},
    "e_header_row_reads": {"zh": "该行的内容是：{read}", "en": "it reads: {read}"},
    "e_header_row_empty": {"zh": "该行是空行或已超出文件末尾", "en": "it is empty or past the end of the file"},
    "e_no_header_named": {"zh": "{file}：没有哪一行含有 `{section}` 中的表头（{named}）；读到的表头是：{read}{hint}",
                          "en": "{file}: no header row holds the headers named in `{section}` ({named}); the headers "
                                "read are: {read}{hint}"},
    "e_garbled": {"zh": "；这些表头像是乱码：读取用的编码不对（GBK 导出的文件请把 data.encoding 设为 gb18030，或删去这一项）",
                  "en": "; they look garbled: the file's encoding is not the one read (for GBK exports set "
                        "data.encoding to gb18030, or leave it out)"},
    "e_placeholder": {"zh": "{file}：`{section}.{column}` 仍是 {mark}，这是 kit init 对未能识别的列留下的标记；"
                            "请填入{n|该列|各列}的表头，可选：{headers}",
                      "en": "{file}: `{section}.{column}` {n|is|are} still {mark}, the mark `kit init` leaves for a column "
                            "it did not recognise; put there the header of {n|that column|each}, one of: {headers}"},
    "e_placeholder_join": {"zh": "{file}：`{section}.{column}` 仍是 '?'（{n|该列|各列}不在此文件中）：这些订单的{what}在同一"
                                 "文件夹的 {other} 中（两者都有 {shared} 列）：请用   {command}   重新生成参数文件，按该列连接"
                                 "两个文件",
                           "en": "{file}: `{section}.{column}` {n|is|are} still '?': the {what} of these orders are in "
                                 "{other}, beside it, which shares the header {shared}; draft the params again with   "
                                 "{command}   to join the two files by it"},
    "w_join_lines": {"zh": "客户和日期", "en": "customers and dates"},
    "w_join_amounts": {"zh": "金额", "en": "amounts"},
    "e_no_buyer_id": {"zh": "{file}：`{section}.customer_id` 仍是 '?'：{why}（文件的表头：{headers}）",
                      "en": "{file}: `{section}.customer_id` is still '?': {why} (the file's headers: {headers})"},
    "e_lacking_columns": {"zh": "{file}：`{section}.{column}` 仍是 '?'，但文件中没有任何一列{what}，{n|该列|各列}无从填写：kit 按订单行的日期"
                                "和金额为客户分级，这个文件无法直接分级；请导出带日期和金额的订单明细",
                          "en": "{file}: `{section}.{column}` {n|is|are} still '?', and no column of the file {what}: "
                                "the kit grades customers by their order lines' dates and amounts, so this file cannot "
                                "be graded as it is; export the orders with their dates and amounts"},
    "w_lacking_dates": {"zh": "是日期（可按次数统计的访问、订单序号等不能代替日期）",
                        "en": "holds dates (a count of visits or an order's number is no date)"},
    "w_lacking_dates_summary": {"zh": "是日期（这是按客户汇总的统计表，每位客户一行，没有各笔订单的日期）",
                                "en": "holds dates (it is a summary by customer, a row per customer, without the dates "
                                      "of the orders)"},
    "w_lacking_amounts": {"zh": "是金额", "en": "holds amounts of money"},
    "w_lacking_dates_amounts": {"zh": "是日期或金额", "en": "holds dates or amounts of money"},
    "w_lacking_prices": {"zh": "是金额（这是没有价格的行为日志：浏览、加购、购买等事件，其他数字列是编号）",
                         "en": "holds amounts of money (an event log without prices: views, carts and purchases, its "
                               "other number columns IDs)"},
    "e_customer_headings": {"zh": "{file}：文件没有客户列，而是在每段订单上方单独一行写客户（如“客户：{example}”），"
                                  "`{section}.customer_id` 不能取其中任何一列；请在参数文件的 data 下设 "
                                  "`customer_headings: true`，并把 `{section}.customer_id` 设为 \"客户\"（新列的表头），"
                                  "各订单行即取其上方标题行的客户",
                            "en": "{file}: the sheet has no customer column but names each customer on a heading row "
                                  "above its orders (such as the one naming {example}), so `{section}.customer_id` can "
                                  "be none of its columns; set `customer_headings: true` under data in the params file "
                                  "and `{section}.customer_id: Customer` (the header of the column it adds), and each "
                                  "order line takes the customer of the heading row above it"},
    "e_no_customer_headings": {"zh": "{file}：设了 data.customer_headings，但表中没有一行单独写客户的标题行（如“客户：华东医药”），"
                                     "无法得到 `data.columns.customer_id`（{column}）；如表中有客户列，请删去 "
                                     "data.customer_headings 并把该列的表头填入 data.columns.customer_id",
                               "en": "{file}: data.customer_headings is set but no row of the sheet names a customer "
                                     "on its own (such as Customer: Acme), so `data.columns.customer_id` ({column}) "
                                     "cannot be filled in; if the sheet has a customer column, delete "
                                     "data.customer_headings and put that column's header in data.columns.customer_id"},
    "e_customer_headings_column": {"zh": "{file}：设了 data.customer_headings，客户取自标题行，但表中已有 {column} 列；"
                                         "请删去 data.customer_headings（客户即取该列），或把 data.columns.customer_id "
                                         "改为表中没有的名称（如 标题行客户）",
                                   "en": "{file}: data.customer_headings takes the customer from heading rows, but the "
                                         "sheet has a column {column} already; delete data.customer_headings (the "
                                         "customer is then that column's), or set data.columns.customer_id to a name "
                                         "the sheet does not have (such as Heading customer)"},
    "e_column_missing": {"zh": "{file}：文件中没有 `{section}.{column}` 指定的列 {wanted}{close}；文件的表头{where}是：{headers}",
                         "en": "{file}: column {wanted} for `{section}.{column}` is not in the file{close}; the file's "
                               "headers{where} are: {headers}"},
    "e_closest": {"zh": "（最接近的是 {name}）", "en": "; closest is {name}"},
    "e_in_header_row": {"zh": "（`data.header_row` 指定的第 {row} 行）", "en": " (in row {row}, as `data.header_row` gives)"},
    "e_key_column_missing": {"zh": "{file}：文件中没有 `{section}` 指定的列 {column}；文件的表头是：{headers}",
                             "en": "{file}: column {column} that `{section}` names is not in the file; the file's headers "
                                   "are: {headers}"},
    "e_ambiguous_date": {
        "zh": "{file}：第 {row} 行的订单日期 {value} 既可能是“日/月”也可能是“月/日”；请把 data.date_format 设为 "
              "'{day_first}' 或 '{month_first}'{hint}",
        "en": "{file}: the order date {value} in row {row} could be day/month or month/day; set data.date_format to "
              "'{day_first}' or '{month_first}'{hint}"},
    "e_year_month_tenths": {
        "zh": "{file}：第 {row} 行的订单日期 {value} 是“年.月”，可能是 1 月，也可能是 10 月（2025.10 作为数字保存后变成 2025.1），"
              "其他行无法判断；月份写成两位（2025.01 至 2025.12、{value} 为 10 月）请把 data.date_format 设为 '{two}'，"
              "按输入的一位月份（{value} 为 1 月）请设为 '{typed}'",
        "en": "{file}: the order date {value} in row {row} is year.month and reads as January or as October (2025.10 "
              "kept as a number becomes 2025.1), which the other rows do not settle; set data.date_format to '{two}' if "
              "months are written in two figures (2025.01 to 2025.12, {value} October) or to '{typed}' if as typed "
              "({value} January)"},
    "e_year_first_date": {
        "zh": "{file}：第 {row} 行的订单日期 {value} 看来是年份在前（其他日期和文件名都指向这一年份，或第一个数各行几乎相同）；"
              "请把 data.date_format 设为 '{format}'（如第一个数其实是日，则设为 '{day_first}'）",
        "en": "{file}: the order date {value} in row {row} looks written year first (the other dates or the file's "
              "name give that year, or the first number hardly varies); set data.date_format to '{format}' (or to "
              "'{day_first}' if the first number is the day)"},
    "e_day_first_hint": {"zh": "（有的日期第一个数大于 12，应是 {format}）",
                         "en": " (some dates start with a number above 12, which suggests {format})"},
    "e_month_first_hint": {"zh": "（有的日期第二个数大于 12，应是 {format}）",
                           "en": " (some dates have a second number above 12, which suggests {format})"},
    "e_decimal_unknown": {
        "zh": "{file}：列 {column} 中的数字如 {cell}（第 {row} 行）既可读作带小数点的数，也可读作以点分隔千位的整数，"
              "文件中没有能区分的写法；请把 data.decimal 设为 ','（点分隔千位、逗号为小数点：4.500 即 4500）或 '.'（点为小数点）",
        "en": "{file}: numbers in the column {column} such as {cell} (row {row}) read either with a decimal point or "
              "as whole numbers with a dot grouping thousands, and no cell tells which; set data.decimal to ',' (dots "
              "group thousands, the comma is the decimal mark: 4.500 is 4,500) or '.' (the dot is the decimal mark)"},
    "e_decimal_mixed": {
        "zh": "{file}：列 {column} 中有的数字用逗号作小数点（第 {comma_row} 行的 {comma}），有的用小数点或千分位逗号"
              "（第 {point_row} 行的 {point}）；请把 data.decimal 设为 ',' 或 '.'（按该写法读不出的单元格会被单列）",
        "en": "{file}: the column {column} has numbers written with a decimal comma ({comma} in row {comma_row}) and "
              "others written with a decimal point or thousands commas ({point} in row {point_row}); set data.decimal "
              "to ',' or '.' (cells that cannot be read that way are then set aside)"},
    "e_too_many_aside": {
        "zh": "{file}：{non_blank} 行中有 {aside} 行（{share}）无法使用，超过了 `cleaning.max_set_aside_share` 允许的 "
              "{limit}（{examples}）{join_hint}；请修正文件；如果这是预期的，请在参数文件中把 "
              "`cleaning.max_set_aside_share` 调到 {suggest}（或运行时加 `--set cleaning.max_set_aside_share={suggest}`）",
        "en": "{file}: {aside} of {non_blank} rows ({share}) cannot be used, more than `cleaning.max_set_aside_share` "
              "{limit} allows ({examples}){join_hint}; fix the file or, if this is expected, raise "
              "`cleaning.max_set_aside_share` to {suggest} in params (or run with "
              "`--set cleaning.max_set_aside_share={suggest}`)"},
    "e_aside_in_several": {
        "zh": "{error}。另有 {n} 个来源也超过了上限：{others}",
        "en": "{error}. {n} other {n|source is|sources are} over the limit too: {others}"},
    "e_most_aside": {
        "zh": "{file}：{non_blank} 行中有 {aside} 行（{share}）无法使用（{examples}）{join_hint}；这么多行都不能用，多半是 "
              "`data.columns` 把某一列对错了表头（例如金额对到了名称列）：请先核对各列的对应，再核对文件本身",
        "en": "{file}: {aside} of {non_blank} rows ({share}) cannot be used ({examples}){join_hint}; with so many, "
              "`data.columns` most likely maps a column to the wrong header (the amount to a name column, say): check "
              "the mapping first, then the file"},
    "e_most_aside_blank": {
        "zh": "{file}：{non_blank} 行中有 {aside} 行（{share}）无法使用（{examples}）；多数行的{what}单元格为空：如果台账只在每段的第一行"
              "写{what}，请在参数文件的 data 下设 `fill_down: [{fill}]`，其下的空单元格即取上方的值",
        "en": "{file}: {aside} of {non_blank} rows ({share}) cannot be used ({examples}); most have an empty {what} "
              "cell: when the sheet writes the {what} on the first row of a block only, set `fill_down: [{fill}]` under "
              "data in the params file, so that the empty cells below take it"},
    "e_most_unpaid": {
        "zh": "{file}：{lines} 行订单中有 {n} 行（{share}）的 {column} 为空，会作为未付款订单单列；未付款的订单不太可能这么多："
              "如果台账只在每段的第一行写日期，请在参数文件的 data 下设 `fill_down: [{fill}]`；如果确实多数订单未付款，"
              "请把 order_date 改为下单时间列",
        "en": "{file}: {n} of {lines} order lines ({share}) have an empty {column}, so they would be set aside as orders "
              "not paid; so many unpaid orders are unlikely: when the sheet writes the date on the first row of a block "
              "only, set `fill_down: [{fill}]` under data in the params file; if most orders really are unpaid, map "
              "order_date to the order's creation date"},
    "e_most_aside_no_year": {
        "zh": "{file}：{non_blank} 行中有 {aside} 行（{share}）无法使用（{examples}）；多数是没有写年份的日期，工作表名和文件名"
              "也没有写年份：请在参数文件的 data 下写明这些日期所属的年份，如 `year: 2025`",
        "en": "{file}: {aside} of {non_blank} rows ({share}) cannot be used ({examples}); most are dates written "
              "without their year, and neither the sheet's nor the file's name gives it: put the year under data "
              "in the params file, e.g. `year: 2025`"},
    "e_rounded_ids": {
        "zh": "{file}：客户编码列 {column} 中有 {n} 个 16 位以上的数字（如 {example}），每个都只有 15 位有效数字、其后全是 0："
              "文件在 Excel 中保存过，Excel 只保留 15 位有效数字，后几位已丢失，不同客户可能已被读成同一个编码。请从系统重新"
              "导出 CSV（不经 Excel 另存），或在导出前把该列设为文本",
        "en": "{file}: the customer ID column {column} holds {n} numbers of 16 digits or more (such as {example}), each "
              "with 15 significant digits and zeros after them: the file was saved in Excel, which keeps 15 "
              "significant digits, so the last digits are lost and different customers may now share an ID. Export "
              "the file again from the system as CSV (not saved through Excel), or make the column text before "
              "exporting"},
    "e_rounded_ids_16": {
        "zh": "{file}：客户编码列 {column} 中有 {n} 个 17 位以上的数字（如 {example}），每个都只有 16 位有效数字、其后全是 0："
              "工作簿把编码存成了数字，最多只保留 16 位有效数字，后几位已丢失，不同客户可能已被读成同一个编码。请从系统重新"
              "导出 CSV，或在写出工作簿前把该列设为文本",
        "en": "{file}: the customer ID column {column} holds {n} numbers of 17 digits or more (such as {example}), each "
              "with 16 significant digits and zeros after them: the workbook stores the IDs as numbers, which keep 16 "
              "significant digits at most, so the last digits are lost and different customers may now share an ID. "
              "Export the file again from the system as CSV, or make the column text before writing the workbook"},
    "e_most_aside_days": {
        "zh": "{file}：{non_blank} 行中有 {aside} 行（{share}）无法使用（{examples}）；日期列 {column} 中多是 1 至 31 的数，"
              "只写了日，月份在 {month} 列：请在参数文件的 data 下设 `date_parts: {parts}`，每行的日期即由这几列合起来读取",
        "en": "{file}: {aside} of {non_blank} rows ({share}) cannot be used ({examples}); the date column {column} holds "
              "days of the month (1 to 31), the month being in {month}: set `date_parts: {parts}` under data in the "
              "params file, so that each row's date is read from those columns"},
    "e_most_aside_date_format": {
        "zh": "{file}：{non_blank} 行中有 {aside} 行（{share}）无法使用（{examples}）；多数是不符合 `data.date_format`"
              "（{date_format}）的日期：请核对格式（日与月是否写反？）",
        "en": "{file}: {aside} of {non_blank} rows ({share}) cannot be used ({examples}); most are dates that do not "
              "read as `data.date_format` ({date_format}): check the format (day and month swapped?)"},
    "e_most_aside_roc": {
        "zh": "{file}：{non_blank} 行中有 {aside} 行（{share}）无法使用（{examples}）；多数是民國纪年的日期（如 {value}，"
              "即 {day}：民國年份加 1911 即公历年份）：请在参数文件的 data 下设 `date_format: roc`",
        "en": "{file}: {aside} of {non_blank} rows ({share}) cannot be used ({examples}); most are dates of Taiwan's "
              "ROC (民國) calendar (such as {value}, which is {day}: the ROC year plus 1911): set `date_format: roc` "
              "under data in the params file"},
    "e_most_aside_unix": {
        "zh": "{file}：{non_blank} 行中有 {aside} 行（{share}）无法使用（{examples}）；多数是 Unix 时间戳（如 {value}，即 UTC "
              "{stamp}：自 1970 年起的秒数或毫秒数）：请在参数文件的 data 下设 `date_format: unix`（按 UTC 的日期读取）",
        "en": "{file}: {aside} of {non_blank} rows ({share}) cannot be used ({examples}); most are Unix timestamps "
              "(such as {value}, which is {stamp} UTC: seconds or milliseconds since 1970): set `date_format: unix` "
              "under data in the params file (they are read as days in UTC)"},
    "e_most_aside_before_heading": {
        "zh": "{file}：{non_blank} 行中有 {aside} 行（{share}）无法使用（{examples}）；多数是工作表第一个客户标题行之上的订单行，"
              "没有标题行说明是哪家客户的：请在这些行的上方加一行“客户：客户名”（data.customer_headings）",
        "en": "{file}: {aside} of {non_blank} rows ({share}) cannot be used ({examples}); most are order lines above "
              "the sheet's first customer heading row (data.customer_headings), with no heading to say whose they are: "
              "write a heading row (Customer: <name>, 客户：<name>) above them"},
    "e_aside_example": {"zh": "{reason}：{rows} 行，例如第 {row} 行{value}", "en": "{reason}: {rows} {rows|row|rows}, e.g. row {row}{value}"},
    "e_aside_empty": {"zh": "（为空）", "en": " (empty)"},
    "e_date_part_missing": {
        "zh": "{file}：{key_name} 写的表头 {header!r} 在文件中没有；文件的表头是：{headers}",
        "en": "{file}: {key_name} names the header {header!r}, which the file does not have; its headers are: {headers}",
    },
    "e_join_no_attributes": {
        "zh": "{file}：有关联键的 {of} 行订单中，{rows} 行在 {other} 中按 {key_name} 找不到对应记录（如 {example}）："
              "两个文件中关联键的写法多半不同（前导零、H001 与 001、SO- 之类的前缀）；请统一写法，或核对 `data.join` 的 key",
        "en": "{file}: {rows} of the {of} order lines with a key find no row in {other} by {key_name} (such as "
              "{example}): the two files most likely write the key differently (leading zeros, H001 and 001, a "
              "prefix such as SO-); write it one way in both, or check `data.join`'s key"},
    "e_join_hint": {"zh": "；找不到对应行通常是 `data.join` 指定的关联列不对，或各文件中关联键的写法不同（前导零、SO- 之类的前缀）",
                    "en": "; lines without a match usually mean `data.join` names the wrong key column, or the files "
                          "write the key differently (leading zeros, a prefix such as SO-)"},
    "e_no_order_in_window": {
        "zh": "分级期间 {start} 至 {end} 内没有订单，{span}；请调整 period.as_of（以及 period.months）使其覆盖数据",
        "en": "no order falls in the grading window {start} to {end}, but {span}; set period.as_of (and period.months) "
              "to cover the data"},
    "e_returns_only": {
        "zh": "{files}：分级期间内的每一条订单行都是退货（金额为负）：这是退货文件吗？请把它和销售文件一起列在 data.path 中",
        "en": "{files}: every order line in the window is a return (negative amount): is this the returns file? List "
              "it with the sales file in data.path"},
    "e_the_data": {"zh": "数据", "en": "the data"},
    "e_data_span": {"zh": "而数据的时间范围是 {first} 至 {last}", "en": "the data runs from {first} to {last}"},
    "e_nothing_kept": {"zh": "没有可分级的订单行：文件中没有数据行，或每一行都被剔除或单列（原因见运行文件夹中的 ledger.csv 和 "
                             "quarantine.csv）",
                       "en": "no order line is left to grade: the files hold no rows, or every row was dropped or set "
                             "aside (the reasons are in ledger.csv and quarantine.csv in the run folder)"},
    "e_quantile_few": {"zh": "`grading.{grader}` 按 `{column}` 排名分为 {k} 级，至少需要 {k} 家客户，但只有 {n} 家客户可分；"
                             "请减少 `grading.{grader}.labels` 的级数，或改用 `method: thresholds`",
                       "en": "`grading.{grader}` cuts `{column}` into {k} tiers by rank, which needs at least {k} "
                             "customers, but only {n} {n|customer is|customers are} there to grade; give "
                             "`grading.{grader}.labels` fewer tiers, or use `method: thresholds`"},
    "e_rfm_few": {"zh": "RFM 需要至少 {bins} 家客户才能打出 {bins} 档分数，但分级期间只有 {n} 家客户采购；"
                        "请从参数中删去 `grading.rfm`，或加长分级期间（`period.months`）",
                  "en": "RFM needs at least {bins} customers to make its {bins} scores, but {n} bought in the window; "
                        "remove `grading.rfm` from the params, or widen the window (`period.months`)"},
    "e_no_month_column": {"zh": "{file}：没有表头是月份（1月、2025年1月、2025-01、Jan ……），`data.wide` 无从读取；表头是：{headers}",
                          "en": "{file}: no column header names a month (1月, 2025年1月, 2025-01, Jan ...), so "
                                "`data.wide` finds nothing to read; the headers are: {headers}"},
    "e_no_month_year": {"zh": "{file}：月份列（{first} …）没有写年份，工作表名和文件名中也没有；请设置 `data.wide.year`"
                              "（例如 year: 2025）",
                        "en": "{file}: the month columns ({first} …) do not say which year they are, nor does the "
                              "sheet's or file's name; set `data.wide.year` (e.g. year: 2025)"},
    "e_wide_year_names": {"zh": "{first}、{second} 的名称写明了不同的年份（{first_year}、{second_year}），而 "
                                "`data.wide.year` 把它们的月份列都读作 {year} 年，同一客户同一月份会重复计入；请删去 "
                                "`data.wide.year`，各表即按名称中的年份读取",
                          "en": "{first} and {second} name different years ({first_year}, {second_year}), but "
                                "`data.wide.year` reads the month columns of both as {year}, counting a customer's "
                                "month twice; remove `data.wide.year` so that each is read in the year its name gives"},
    "e_params_lines": {"zh": "{lines}", "en": "{lines}"},  # one line per problem, each told in its language
    "e_params_missing": {"zh": "参数文件 {file} 不存在", "en": "params file {file} does not exist"},
    "e_params_not_utf8": {"zh": "参数文件 {file} 既不是 UTF-8 也不是 GBK 文本；请用文本编辑器另存为 UTF-8 编码",
                          "en": "params file {file} is neither UTF-8 nor GBK text; save it as UTF-8 in a text editor"},
    "e_params_unreadable": {"zh": "参数文件 {file} 无法读取：{reason}", "en": "params file {file} cannot be read: {reason}"},
    "e_params_date": {"zh": "参数文件 {file} 中有不存在的日期{where}：{reason}；请写成真实的日期（YYYY-MM-DD）",
                      "en": "params file {file} holds an impossible date{where}: {reason}; write a real day (YYYY-MM-DD)"},
    "e_params_date_line": {"zh": "（第 {line} 行：{text}）", "en": " (line {line}: {text})"},
    "e_params_date_month": {"zh": "{date} 的月份不在 1 到 12 之间", "en": "{date} has no month between 1 and 12"},
    "e_params_date_day": {"zh": "{month} 只有 {days} 天，没有 {date}", "en": "{month} has {days} days, so {date} is no day"},
    "e_params_date_year": {"zh": "{date} 的年份不在 1 到 9999 之间", "en": "{date} has no year between 1 and 9999"},
    "e_params_yaml": {"zh": "参数文件 {file} 不是有效的 YAML{where}：{problem}",
                      "en": "params file {file} is not valid YAML{where}: {problem}"},
    "e_params_fullwidth_colon": {"zh": "参数文件 {file} 第 {line} 行用了全角冒号“：”；YAML 只认半角冒号，请改成“:”（冒号后留一个空格）",
                                 "en": "params file {file}, line {line}: a full-width colon “：” follows the key; YAML "
                                       "reads only ':' (followed by a space)"},
    "e_params_tab": {"zh": "参数文件 {file} 第 {line} 行有 Tab；YAML 只认空格，请把 Tab 换成空格",
                     "en": "params file {file}, line {line} holds a tab; YAML reads only spaces: replace the tab with "
                           "spaces"},
    "e_return_sheet_missing": {"zh": "cleaning.return_sheets 写了工作表 {sheet}，但本次读取的工作表中没有它（读取的是：{read}）；"
                                     "请写成工作表的原名，并用 data.sheet: all 或列出工作表",
                               "en": "cleaning.return_sheets names the sheet {sheet}, which is not among the sheets read "
                                     "({read}); write the sheet's name as the workbook has it, with data.sheet: all "
                                     "or a list of sheets"},
    "e_params_yaml_at": {"zh": "（第 {line} 行第 {column} 列）", "en": " at line {line}, column {column}"},
}

#: The reasons a sheet is skipped (:class:`kit.io.EmptySheet`), in Chinese.
SHEET_REASONS_ZH = {"empty sheet": "空工作表"}
#: The repairs of fixes.csv (:func:`kit.clean_sql._fix_examples`) in Chinese, for a run in Chinese
#: (:func:`kit.clean.fixes_in`).
FIXES_ZH = {
    "amount read as money": "金额已按货币读取",
    "amount read as money, with a decimal comma": "金额已按货币读取（小数点为逗号）",
    "date read": "日期已读取",
    "customer ID normalised": "客户编码或名称的写法已统一（全角半角、空格）",
    "customer ID empty: graded under the name": "客户编码为空，按客户名称计入（该名称在其他行有唯一编码时用该编码）",
    "return netted": "退货已冲减",
    "amount rounded to the cent": "金额已四舍五入到分（每行先取整再合计）",
    "duplicate dropped": "重复行已剔除",
    "merged cell filled from the range's top cell": "合并单元格已按其首格填充",
    "row hidden in the workbook, counted": "工作簿中的隐藏行，照常计入",
    "amount in red font counted as a return (cleaning.red_amounts)": "红字金额按退货（负数）计（cleaning.red_amounts）",
    "empty cell filled from the row above (data.fill_down)": "空单元格已取上方的值（data.fill_down）",
    "customer taken from the heading row above (data.customer_headings)": "客户已取上方的客户标题行（data.customer_headings）",
    "merged amount counted once (0 in the range's other rows)": "合并的金额只计一次（合并区域其他行记为 0）",
    "customer ID written another way, graded under its group's ID": "客户编码的另一种写法，按同组编码分级",
    "customer graded as cleaning.same_customers names it": "按 cleaning.same_customers 改计入其指定的另一客户",
}
#: Placeholders of fixes.csv's before and after cells, and their Chinese
FIX_CELLS_ZH = ((r"^\(empty; row (\d+) above\)$", r"（空；取上方第 \1 行）"),
                 (r"^\(merged with row (\d+)\)$", r"（与第 \1 行合并）"), (r"^\(dropped\)$", "（已剔除）"),
                 (r"^\(hidden row\)$", "（隐藏行）"), (r"^\(red font\) (.*)$", r"（红字）\1"),
                 (r"^\(none; heading row (\d+) above\)$", r"（无；取上方第 \1 行标题行）"))



#: The measure word Chinese texts count customers with (``customer_counter``; see :func:`use_counter`). The zh
#: texts write 家, right for companies and hospitals; consumers are counted with 位 (QA: 家 for CDNOW's buyers).
_COUNTER = {"current": "家"}
COUNTERS = ("家", "位", "名", "户", "个")


def use_counter(word: str) -> None:
    """Count customers with ``word`` in this process's Chinese texts (a notebook sets its case's)."""
    _COUNTER["current"] = word if word in COUNTERS else "家"


#: Counters of people: a consumer spends (消费额), where a company or hospital purchases (采购额).
_PEOPLE = ("位", "名")


def zh_words(text: str, counter: str | None = None) -> str:
    """A Chinese text of the kit in the case's words: 采购 (a company's or hospital's purchasing) as 消费 when the
    customers are people (``counter``, by default this process's (:func:`use_counter`), 位 or 名: 消费额,
    最近一次消费). For the kit's own texts and headers, never for the client's data (a customer 某某采购中心)."""
    return text.replace("采购", "消费") if (counter or _COUNTER["current"]) in _PEOPLE else text


#: 家 as the measure word of a text, not in a word of its own (买家, 商家, 厂家, 店家, 国家, 专家, 大家: review, a
#: consumer case's "如是多位买位").
_NOT_COUNTER = re.compile(r"(?<![买卖商厂店国专大作])家")


def t(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (``zh`` or ``en``), with placeholders filled."""
    entry = _TEXT[key]
    text = _PLURAL.sub(lambda m: m[2] if _is_one(values[m[1]]) else m[3], entry.get(lang, entry["en"]))
    if lang == "zh":  # in the text, not in the values (a name such as 家乐福); the measure word, not 买家's 家
        text = zh_words(_NOT_COUNTER.sub(_COUNTER["current"], text))
    return text.format(**values)


def _is_one(value: object) -> bool:
    """Whether a count, as a number or as shown (``"1"``), is one."""
    return str(value).strip() in ("1", "1.0")


def keys() -> list[str]:
    """Every text key (for tests that check both languages are complete)."""
    return list(_TEXT)


def languages(key: str) -> set[str]:
    return set(_TEXT[key])


def template(key: str, lang: str) -> str:
    """The text for ``key`` with its ``{placeholders}`` unfilled."""
    entry = _TEXT[key]
    return entry.get(lang, entry["en"])
