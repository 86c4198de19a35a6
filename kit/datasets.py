"""Built-in synthetic datasets for demos, teaching and tests.

:func:`pharma_orders` makes a deterministic order-line export of a
pharmaceutical company selling to hospitals, shaped like the seed case:
hospitals with Chinese names, province, city, level (三甲, 二乙, ...) and beds;
order IDs and products; sales heavy-tailed so that about 20% of hospitals bring
about 80% of revenue; a growth trend of its own for each hospital, and some
hospitals that start late or stop buying, so that periods can be compared.

Everything is vectorised over hospitals, months, orders and lines; the same
seed always gives the same rows.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from .params import Columns

#: (province, city, [districts or counties]) used to build hospital names.
_CITIES: list[tuple[str, str, list[str]]] = [
    ("北京市", "北京", ["朝阳区", "海淀区", "丰台区", "通州区", "昌平区", "顺义区"]),
    ("上海市", "上海", ["浦东新区", "徐汇区", "闵行区", "宝山区", "嘉定区", "松江区"]),
    ("天津市", "天津", ["和平区", "南开区", "河西区", "滨海新区", "武清区"]),
    ("重庆市", "重庆", ["渝中区", "江北区", "沙坪坝区", "万州区", "涪陵区", "永川区"]),
    ("广东省", "广州", ["天河区", "越秀区", "海珠区", "番禺区", "花都区", "增城区"]),
    ("广东省", "深圳", ["南山区", "福田区", "罗湖区", "宝安区", "龙岗区"]),
    ("广东省", "佛山", ["禅城区", "南海区", "顺德区", "三水区"]),
    ("广东省", "东莞", ["莞城", "常平镇", "虎门镇", "长安镇"]),
    ("浙江省", "杭州", ["西湖区", "拱墅区", "萧山区", "余杭区", "临安区", "桐庐县"]),
    ("浙江省", "宁波", ["海曙区", "鄞州区", "北仑区", "慈溪市", "余姚市"]),
    ("浙江省", "温州", ["鹿城区", "瓯海区", "瑞安市", "乐清市", "永嘉县"]),
    ("江苏省", "南京", ["鼓楼区", "玄武区", "江宁区", "浦口区", "六合区"]),
    ("江苏省", "苏州", ["姑苏区", "吴中区", "相城区", "昆山市", "常熟市", "张家港市"]),
    ("江苏省", "无锡", ["梁溪区", "滨湖区", "江阴市", "宜兴市"]),
    ("江苏省", "徐州", ["云龙区", "铜山区", "邳州市", "沛县", "丰县"]),
    ("山东省", "济南", ["历下区", "市中区", "槐荫区", "章丘区", "平阴县"]),
    ("山东省", "青岛", ["市南区", "市北区", "黄岛区", "即墨区", "胶州市", "平度市"]),
    ("山东省", "潍坊", ["奎文区", "寿光市", "青州市", "诸城市", "昌乐县"]),
    ("河南省", "郑州", ["金水区", "二七区", "中原区", "新郑市", "巩义市", "中牟县"]),
    ("河南省", "洛阳", ["西工区", "涧西区", "偃师区", "孟津区", "宜阳县"]),
    ("河北省", "石家庄", ["长安区", "桥西区", "裕华区", "正定县", "辛集市"]),
    ("河北省", "保定", ["竞秀区", "莲池区", "涿州市", "定州市", "高碑店市"]),
    ("湖北省", "武汉", ["江岸区", "武昌区", "洪山区", "汉阳区", "江夏区", "黄陂区"]),
    ("湖北省", "宜昌", ["西陵区", "夷陵区", "宜都市", "当阳市"]),
    ("湖南省", "长沙", ["岳麓区", "芙蓉区", "天心区", "雨花区", "浏阳市", "宁乡市"]),
    ("湖南省", "衡阳", ["蒸湘区", "石鼓区", "耒阳市", "衡南县"]),
    ("四川省", "成都", ["锦江区", "武侯区", "青羊区", "双流区", "郫都区", "都江堰市"]),
    ("四川省", "绵阳", ["涪城区", "游仙区", "江油市", "三台县"]),
    ("福建省", "福州", ["鼓楼区", "台江区", "仓山区", "福清市", "闽侯县"]),
    ("福建省", "厦门", ["思明区", "湖里区", "集美区", "同安区"]),
    ("安徽省", "合肥", ["蜀山区", "包河区", "庐阳区", "肥西县", "长丰县"]),
    ("江西省", "南昌", ["东湖区", "西湖区", "青山湖区", "进贤县"]),
    ("陕西省", "西安", ["雁塔区", "碑林区", "未央区", "长安区", "临潼区"]),
    ("辽宁省", "沈阳", ["和平区", "沈河区", "铁西区", "皇姑区", "新民市"]),
    ("辽宁省", "大连", ["中山区", "沙河口区", "甘井子区", "金州区", "瓦房店市"]),
    ("吉林省", "长春", ["朝阳区", "南关区", "绿园区", "九台区"]),
    ("黑龙江省", "哈尔滨", ["南岗区", "道里区", "香坊区", "双城区", "五常市"]),
    ("云南省", "昆明", ["五华区", "盘龙区", "官渡区", "呈贡区", "安宁市"]),
    ("广西壮族自治区", "南宁", ["青秀区", "兴宁区", "西乡塘区", "横州市"]),
    ("山西省", "太原", ["小店区", "迎泽区", "杏花岭区", "清徐县"]),
]

#: Hospital levels, largest first, with (share of hospitals, beds range).
_LEVELS: list[tuple[str, float, tuple[int, int]]] = [
    ("三甲", 0.16, (1000, 3500)),
    ("三乙", 0.10, (500, 1200)),
    ("二甲", 0.30, (300, 800)),
    ("二乙", 0.14, (150, 400)),
    ("一级", 0.30, (20, 150)),
]

#: Name patterns per level; {c} = city, {d} = district or county.
_PATTERNS: dict[str, list[str]] = {
    "三甲": [
        "{c}市第一人民医院", "{c}市中心医院", "{c}医科大学附属第一医院", "{c}医科大学附属第二医院",
        "{c}市中医院", "{c}市妇幼保健院", "{c}市第二人民医院", "{c}大学附属医院", "{c}市儿童医院",
        "{c}市肿瘤医院", "{c}市第三人民医院", "{c}市人民医院",
    ],
    "三乙": [
        "{c}市第四人民医院", "{c}市第五人民医院", "{c}{d}人民医院", "{c}市中西医结合医院",
        "{c}市口腔医院", "{c}市第六人民医院", "{c}市骨科医院",
    ],
    "二甲": [
        "{c}{d}人民医院", "{c}{d}中医院", "{c}{d}妇幼保健院", "{c}{d}第二人民医院",
        "{c}{d}中心医院", "{c}市第七人民医院", "{c}市康复医院",
    ],
    "二乙": [
        "{c}{d}第三人民医院", "{c}{d}中西医结合医院", "{c}{d}骨伤医院", "{c}{d}眼科医院",
    ],
    "一级": [
        "{c}{d}社区卫生服务中心", "{c}{d}镇卫生院", "{c}{d}街道医院", "{c}{d}第二社区卫生服务中心",
        "{c}{d}康复医院",
    ],
}

#: (product, unit price in RMB, relative popularity).
_PRODUCTS: list[tuple[str, float, float]] = [
    ("注射用头孢曲松钠 1g", 18.50, 0.14),
    ("阿莫西林胶囊 0.25g×24粒", 12.80, 0.12),
    ("阿托伐他汀钙片 20mg×7片", 36.40, 0.10),
    ("盐酸二甲双胍缓释片 0.5g×30片", 24.60, 0.10),
    ("注射用奥美拉唑钠 40mg", 45.00, 0.08),
    ("氯吡格雷片 75mg×7片", 88.00, 0.07),
    ("甘精胰岛素注射液 3ml:300单位", 172.00, 0.06),
    ("注射用紫杉醇（白蛋白结合型）100mg", 780.00, 0.03),
    ("布地奈德混悬液 2ml:1mg×5支", 64.20, 0.08),
    ("左氧氟沙星氯化钠注射液 100ml", 21.30, 0.09),
    ("复方丹参滴丸 27mg×180丸", 29.90, 0.08),
    ("曲妥珠单抗注射液 150mg", 1980.00, 0.05),
]

DEMO_COLUMNS = [
    "order_id", "order_date", "customer_id", "customer_name", "province", "city",
    "level", "beds", "product", "quantity", "unit_price", "amount",
]


#: The headers a Chinese pharma ERP export gives the demo's columns (`kit demo --client-style`)
CLIENT_HEADERS = {
    "order_id": "订单号", "order_date": "订单日期", "customer_id": "医院编码", "customer_name": "医院名称",
    "province": "省份", "city": "城市", "level": "医院等级", "beds": "床位数", "product": "产品名称",
    "quantity": "数量", "unit_price": "单价", "amount": "金额",
}


def demo_columns(name: str = "pharma") -> Columns:
    """Column mapping of a demo dataset: every canonical name is its own header."""
    if name != "pharma":
        raise KeyError(name)
    return Columns(
        customer_id="customer_id", order_date="order_date", amount="amount",
        order_id="order_id", customer_name="customer_name", product="product",
        quantity="quantity", province="province", city="city", level="level", beds="beds",
    )


def pharma_hospitals(customers: int = 800, *, seed: int = 2024) -> pd.DataFrame:
    """The hospital master of the pharma demo.

    Returns
    -------
    DataFrame
        ``customer_id`` (text such as ``H00042``), ``customer_name``, ``province``,
        ``city``, ``level``, ``beds`` and ``annual_base`` (the hospital's expected
        yearly purchases in RMB at the start, heavy-tailed).
    """
    rng = np.random.default_rng([seed, 1])
    n = int(customers)

    # heavy tail: lognormal with sigma 1.7 puts ~80% of revenue in the top ~20%
    size = rng.normal(size=n)
    order = np.argsort(-size, kind="stable")
    level_of_rank = np.repeat(
        [lvl for lvl, _, _ in _LEVELS],
        _split_counts(n, [share for _, share, _ in _LEVELS]),
    )
    # levels follow size loosely: shuffle a little within neighbouring ranks
    jitter = np.argsort(np.arange(n) + rng.normal(scale=n * 0.06, size=n), kind="stable")
    level = np.empty(n, dtype=object)
    level[order[jitter]] = level_of_rank

    names, provinces, cities = _hospital_names(level, rng)

    lo = np.array([dict((l, b) for l, _, b in _LEVELS)[v][0] for v in level])
    hi = np.array([dict((l, b) for l, _, b in _LEVELS)[v][1] for v in level])
    beds = (lo + (hi - lo) * rng.beta(2, 2, size=n)).round(-1).astype(int).clip(min=20)

    annual = np.exp(np.log(62_000) + 1.7 * size)
    frame = pd.DataFrame(
        {
            "customer_id": [f"H{i:05d}" for i in range(1, n + 1)],
            "customer_name": names,
            "province": provinces,
            "city": cities,
            "level": level.astype(str),
            "beds": beds,
            "annual_base": annual.round(2),
        }
    )
    return frame


def pharma_orders(
    customers: int = 800,
    *,
    months: int = 30,
    end: dt.date | str = "2025-12-31",
    seed: int = 2024,
) -> pd.DataFrame:
    """Order lines of the pharma demo, one row per product on an order.

    Parameters
    ----------
    customers
        Number of hospitals.
    months
        Whole months of history ending with the month of ``end``.
    end
        Last day of the data.
    seed
        Seed of every random draw; the same arguments give the same rows.

    Returns
    -------
    DataFrame
        Columns :data:`DEMO_COLUMNS`; ``amount`` = ``quantity`` x ``unit_price``
        in RMB with two decimals, ``order_date`` a ``datetime64`` day.
    """
    rng = np.random.default_rng([seed, 2])
    hospitals = pharma_hospitals(customers, seed=seed)
    n = len(hospitals)
    last = pd.Period(pd.Timestamp(end), freq="M")
    month_index = pd.period_range(last - (months - 1), last, freq="M")

    # each hospital: yearly growth, a start month (some join late) and a stop month (some churn)
    growth = rng.normal(0.06, 0.22, size=n).clip(-0.6, 1.2)
    start = np.where(rng.random(n) < 0.12, rng.integers(1, months, size=n), 0)
    stop = np.where(rng.random(n) < 0.08, rng.integers(1, months, size=n), months)
    stop = np.maximum(stop, start + 1)
    annual = hospitals["annual_base"].to_numpy()
    orders_per_month = np.clip(0.35 + annual / 220_000, 0.35, 9.0)

    # hospital x month grid
    h = np.repeat(np.arange(n), months)
    m = np.tile(np.arange(months), n)
    active = (m >= start[h]) & (m < stop[h])
    seasonal = 1 + 0.12 * np.cos(2 * np.pi * (month_index.month.to_numpy()[m] - 1) / 12)
    expected = annual[h] / 12 * (1 + growth[h]) ** (m / 12) * seasonal
    count = np.where(active, rng.poisson(orders_per_month[h]), 0)

    # orders
    oh = np.repeat(h, count)
    om = np.repeat(m, count)
    per_order = np.repeat(expected / np.maximum(orders_per_month[h], 1e-9), count)
    order_amount = per_order * rng.gamma(4.0, 0.25, size=len(oh))
    month_start = month_index.start_time.to_numpy()[om]
    days_in_month = month_index.days_in_month.to_numpy()[om]
    order_date = month_start + (rng.random(len(oh)) * days_in_month).astype("timedelta64[D]")

    # lines: 1-5 products per order, amount split by random weights
    lines = 1 + rng.binomial(4, 0.3, size=len(oh))
    line_order = np.repeat(np.arange(len(oh)), lines)
    weight = rng.exponential(size=len(line_order))
    weight /= np.bincount(line_order, weights=weight)[line_order]
    names, prices, popularity = zip(*_PRODUCTS)
    popularity = np.asarray(popularity) / np.sum(popularity)
    # distinct products within an order: the first by popularity, the others stepped from it
    first_product = rng.choice(len(names), size=len(oh), p=popularity)
    line_no = np.arange(len(line_order)) - np.repeat(np.cumsum(lines) - lines, lines)
    product = (first_product[line_order] + 5 * line_no) % len(names)
    price = np.asarray(prices)[product]
    quantity = np.maximum(1, np.rint(order_amount[line_order] * weight / price)).astype(int)

    frame = pd.DataFrame(
        {
            "order_date": order_date[line_order],
            "hospital": oh[line_order],
            "order_seq": line_order,
            "product": np.asarray(names, dtype=object)[product],
            "quantity": quantity,
            "unit_price": price,
        }
    )
    frame["amount"] = (frame["quantity"] * frame["unit_price"]).round(2)
    frame = frame.sort_values(["order_date", "order_seq"], kind="stable").reset_index(drop=True)

    # order IDs numbered by date: SO + yyyymm + running number within the month
    first_line = ~frame["order_seq"].duplicated()
    month_key = frame["order_date"].dt.strftime("%Y%m")
    running = first_line.astype(int).groupby(month_key).cumsum()
    frame["order_id"] = "SO" + month_key + running.astype(str).str.zfill(5)

    master = hospitals.drop(columns="annual_base")
    frame = pd.concat(
        [frame.drop(columns=["hospital", "order_seq"]),
         master.iloc[frame["hospital"].to_numpy()].reset_index(drop=True)],
        axis=1,
    )
    return frame[DEMO_COLUMNS]


def _split_counts(n: int, shares: list[float]) -> list[int]:
    """Integer counts summing to ``n`` in proportion to ``shares``."""
    raw = np.asarray(shares) / np.sum(shares) * n
    counts = np.floor(raw).astype(int)
    counts[np.argsort(-(raw - counts), kind="stable")[: n - counts.sum()]] += 1
    return counts.tolist()


def _hospital_names(level: np.ndarray, rng: np.random.Generator):
    """Unique realistic names, with the province and city each name belongs to."""
    candidates: dict[str, list[tuple[str, str, str]]] = {}
    for lvl, patterns in _PATTERNS.items():
        pool = []
        for province, city, districts in _CITIES:
            for pattern in patterns:
                if "{d}" in pattern:
                    pool += [(pattern.format(c=city, d=d), province, city) for d in districts]
                else:
                    pool.append((pattern.format(c=city, d=""), province, city))
        candidates[lvl] = pool
    used: set[str] = set()
    names = np.empty(len(level), dtype=object)
    provinces = np.empty(len(level), dtype=object)
    cities = np.empty(len(level), dtype=object)
    for lvl in _PATTERNS:
        idx = np.flatnonzero(level == lvl)
        pool = [c for c in candidates[lvl] if c[0] not in used]
        picks = rng.permutation(len(pool))
        chosen = [pool[i] for i in picks[: len(idx)]]
        # very large demos run out of distinct names: number the extras
        for k in range(len(chosen), len(idx)):
            base = pool[picks[k % len(pool)]]
            chosen.append((f"{base[0]}（{k // len(pool) + 1}院区）", base[1], base[2]))
        for i, (name, province, city) in zip(idx, chosen):
            names[i], provinces[i], cities[i] = name, province, city
            used.add(name)
    return names, provinces, cities


def demo_orders(spec) -> pd.DataFrame:
    """The order lines of a ``data.demo`` params section, messy when ``spec.mess``."""
    frame = pharma_orders(spec.customers, months=spec.months, end=spec.end, seed=spec.seed)
    return add_mess(frame, seed=spec.seed) if spec.mess else frame


_FULL_WIDTH = str.maketrans("0123456789H", "０１２３４５６７８９Ｈ")


def add_mess(orders: pd.DataFrame, *, seed: int = 0) -> pd.DataFrame:
    """Make a clean export look like a real one, deterministically.

    Amounts become text in the forms client systems write (``¥1,234.50``,
    ``1,234.50元``, ``RMB 1,234.50``, full-width digits, ``1.23万`` where exact);
    dates mix ``2025/3/5``, ``2025年3月5日``, ``20250305`` and timestamps; a few IDs
    gain spaces or full-width characters. Rows are added: returns (negative
    amounts, as ``(1,234.00)`` or ``-1234``), zero-amount samples and orders
    written twice; a few rows lose their customer ID, amount or date.

    Returns a new frame of text columns; every kept value parses back to the
    original (the amounts and dates of untouched rows are unchanged).
    """
    rng = np.random.default_rng([seed, 3])
    base = orders.reset_index(drop=True)
    n = len(base)

    # extra rows: returns of earlier lines, zero-amount samples
    ret = base.iloc[np.sort(rng.choice(n, size=max(1, n // 70), replace=False))].copy()
    ret_qty = np.maximum(1, (ret["quantity"] * rng.uniform(0.1, 0.6, len(ret))).round().astype(int))
    ret["quantity"] = -ret_qty
    ret["amount"] = (-ret_qty * ret["unit_price"]).round(2)
    ret["order_id"] = "RT" + ret["order_id"].str[2:]
    shift = pd.to_timedelta(rng.integers(3, 25, len(ret)), unit="D")
    ret["order_date"] = np.minimum(ret["order_date"] + shift, base["order_date"].max())
    samples = base.iloc[np.sort(rng.choice(n, size=max(1, n // 200), replace=False))].copy()
    samples["quantity"] = 1
    samples["amount"] = 0.0
    samples["product"] = samples["product"] + "（样品）"
    frame = pd.concat([base, ret, samples], ignore_index=True)
    frame = frame.sort_values(["order_date", "order_id"], kind="stable").reset_index(drop=True)
    m = len(frame)

    amount = frame["amount"].to_numpy()
    plain = pd.Series(np.char.mod("%.2f", amount), dtype="string")
    grouped = plain.str.replace(r"(\d)(?=(\d{3})+\.)", r"\1,", regex=True)
    form = rng.choice(7, size=m, p=[0.55, 0.12, 0.1, 0.08, 0.05, 0.05, 0.05])
    cents = np.rint(np.abs(amount) * 100).astype(np.int64)
    wan_exact = (cents % 100 == 0) & (cents >= 1_000_000)
    text = plain.copy()
    text = text.mask(form == 1, "¥" + grouped)
    text = text.mask(form == 2, grouped + "元")
    text = text.mask(form == 3, "RMB " + grouped)
    text = text.mask(form == 4, plain.str.translate(_FULL_WIDTH))
    wan = pd.Series(np.char.mod("%g", np.abs(amount) / 10_000), dtype="string") + "万"
    text = text.mask((form == 5) & wan_exact & (amount > 0), wan)
    negative = amount < 0
    text = text.mask(negative & (form % 2 == 0), "(" + grouped.str.lstrip("-") + ")")
    text = text.mask(negative & (form % 2 == 1), grouped.str.lstrip("-") + "-")
    text = text.mask(amount == 0, "0")

    day = frame["order_date"]
    dform = rng.choice(5, size=m, p=[0.6, 0.15, 0.1, 0.1, 0.05])
    dates = day.dt.strftime("%Y-%m-%d").astype("string")
    slash = day.dt.year.astype("string") + "/" + day.dt.month.astype("string") + "/" + day.dt.day.astype("string")
    dates = dates.mask(dform == 1, slash)
    dates = dates.mask(dform == 2, day.dt.strftime("%Y年").astype("string") + day.dt.month.astype("string") + "月"
                       + day.dt.day.astype("string") + "日")
    dates = dates.mask(dform == 3, day.dt.strftime("%Y%m%d").astype("string"))
    clock = pd.to_timedelta(rng.integers(8 * 3600, 18 * 3600, m), unit="s")
    dates = dates.mask(dform == 4, (day + clock).dt.strftime("%Y-%m-%d %H:%M:%S").astype("string"))

    ids = frame["customer_id"].astype("string")
    iform = rng.random(m)
    ids = ids.mask(iform < 0.02, " " + ids + " ")
    ids = ids.mask((iform >= 0.02) & (iform < 0.03), ids.str.translate(_FULL_WIDTH))

    messy = frame.astype({"quantity": "string", "unit_price": "string", "beds": "string"}).astype("string")
    messy["amount"], messy["order_date"], messy["customer_id"] = text, dates, ids

    # rows that cannot be used
    bad = rng.random(m)
    messy.loc[bad < 0.003, "customer_id"] = ""
    messy.loc[(bad >= 0.003) & (bad < 0.005), "amount"] = "待定"
    messy.loc[(bad >= 0.005) & (bad < 0.007), "order_date"] = "2025-02-30"

    # orders written again whole, each right below itself (an export run twice over a day): single rows written
    # twice inside an order of several lines are that order's second such lines to cleaning.duplicates: auto
    # (review: the reference case counted them)
    dup = np.sort(rng.choice(m, size=max(1, m // 300), replace=False))
    again = messy[messy["order_id"].isin(messy["order_id"].iloc[dup])]
    last = pd.Series(again.index, index=again.index).groupby(again["order_id"].to_numpy()).transform("max")
    messy = pd.concat([messy, again.set_axis(last.to_numpy())]).sort_index(kind="stable").reset_index(drop=True)
    return messy[DEMO_COLUMNS]
