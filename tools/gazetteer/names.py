"""Names of a county-level division: kind, short Chinese name, pinyin and English forms.

Xinhua's English: the pinyin of the name without its kind's word, syllables joined, an
apostrophe before a syllable opening with a, o or e ("Kunshan", "Yuhang", "Lu'an"); a
one-character name keeps the word ("Shexian" for 歙县). Names in Uygur, Tibetan and
Mongolian have the forms Xinhua uses where they differ from the Chinese pinyin
(`ESTABLISHED`), the pinyin then kept as another name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin
from pypinyin_dict.phrase_pinyin_data import cc_cedict

cc_cedict.load()

# Minority nationalities as Chinese names of autonomous areas write them, and as Xinhua
# writes them in "Changyang Tujia Autonomous County".
NATIONALITIES = {
    "蒙古": "Mongolian",
    "回": "Hui",
    "藏": "Tibetan",
    "维吾尔": "Uygur",
    "苗": "Miao",
    "彝": "Yi",
    "壮": "Zhuang",
    "布依": "Bouyei",
    "朝鲜": "Korean",
    "满": "Manchu",
    "侗": "Dong",
    "瑶": "Yao",
    "白": "Bai",
    "土家": "Tujia",
    "哈尼": "Hani",
    "哈萨克": "Kazak",
    "傣": "Dai",
    "黎": "Li",
    "傈僳": "Lisu",
    "佤": "Va",
    "畲": "She",
    "拉祜": "Lahu",
    "水": "Shui",
    "东乡": "Dongxiang",
    "纳西": "Naxi",
    "景颇": "Jingpo",
    "柯尔克孜": "Kirgiz",
    "土": "Tu",
    "达斡尔": "Daur",
    "仫佬": "Mulao",
    "羌": "Qiang",
    "布朗": "Blang",
    "撒拉": "Salar",
    "毛南": "Maonan",
    "仡佬": "Gelao",
    "锡伯": "Xibe",
    "阿昌": "Achang",
    "普米": "Pumi",
    "塔吉克": "Tajik",
    "怒": "Nu",
    "鄂温克": "Ewenki",
    "德昂": "De'ang",
    "保安": "Bonan",
    "裕固": "Yugur",
    "独龙": "Derung",
    "鄂伦春": "Oroqen",
}
# Written without 族 only when two characters or more (哈萨克自治县, 鄂伦春自治旗).
_NATIONALITY_AT_END = re.compile(
    "(?:"
    + "|".join(
        f"{re.escape(n)}族" + ("?" if len(n) > 1 else "")
        for n in sorted(NATIONALITIES, key=len, reverse=True)
    )
    + ")$"
)

KINDS = {
    # suffix: (kind, English word)
    "自治县": ("autonomous_county", "Autonomous County"),
    "自治旗": ("autonomous_banner", "Autonomous Banner"),
    "新区": ("district", "New Area"),
    "特区": ("special_district", "Special District"),
    "矿区": ("district", "Mining District"),
    "区": ("district", "District"),
    "县": ("county", "County"),
    "市": ("city", "City"),
    "旗": ("banner", "Banner"),
}
_KIND_SUFFIX = re.compile("(" + "|".join(KINDS) + ")$")

# Banners named by a Mongol people and the wing they were: 科尔沁右翼中旗 is Horqin Right
# Middle Banner. The people's names in the forms Xinhua uses.
BANNER_PEOPLES = {
    "科尔沁": "Horqin",
    "乌拉特": "Urad",
    "察哈尔": "Qahar",
    "土默特": "Tumed",
    "苏尼特": "Sonid",
    "巴林": "Bairin",
    "鄂托克": "Otog",
    "阿拉善": "Alxa",
    "新巴尔虎": "New Barag",
    "喀喇沁": "Harqin",
    "杭锦": "Hanggin",
    "乌珠穆沁": "Ujimqin",
}
_WINGS = {"左翼": "Left", "右翼": "Right", "左": "Left", "右": "Right"}
_BANNER_PLACE = {"前": "Front", "中": "Middle", "后": "Rear"}
_DIRECTION = {"东": "East", "西": "West"}
_WING_BANNER = re.compile(
    r"^(?P<side>[东西])?(?P<people>"
    + "|".join(BANNER_PEOPLES)
    + r")(?P<wing>左翼|右翼|左|右)?(?P<place>[前中后])?$"
)

# Names whose short form is no name people use alone: parts of a town (城关 is the
# seat of hundreds of counties), quarters named by their direction (市中, 城东).
# Banners named by their colour or their princes (镶黄旗, 四子王旗) keep 旗.
GENERIC_STEMS = frozenset(
    {"城关", "市中", "城中", "城东", "城西", "城南", "城北", "新城", "老城"}
    | {"镶黄", "正镶白", "正蓝", "四子王", "阿荣"}
)
# Short names in use that the rules do not give.
SHORT_ZH = {
    "达尔罕茂明安联合旗": "达茂旗",
    "喀喇沁左翼蒙古族自治县": "喀左",
}
# Readings of characters that the phrase dictionaries get wrong in these names.
PINYIN = {
    "长子县": "Zhangzi",
    "中牟县": "Zhongmu",
    "郫都区": "Pidu",
    "筠连县": "Junlian",
    "民乐县": "Minle",
    "石鼓区": "Shigu",
    "康巴什区": "Kangbashi",
    "栖霞市": "Qixia",
    "六枝特区": "Liuzhi",
    "麦盖提县": "Maigaiti",
    "色达县": "Seda",
    "扎囊县": "Zhanang",
    "称多县": "Chengduo",
}

# English forms of Uygur, Tibetan and Mongolian names that Xinhua and the State's maps
# use instead of the Chinese pinyin (full Chinese name -> English name, other spellings).
# Only forms in established use; everything else keeps its pinyin.
ESTABLISHED: dict[str, tuple[str, tuple[str, ...]]] = {
    # Xinjiang
    "喀什市": ("Kashgar", ("Kashi",)),
    "和田市": ("Hotan", ("Hetian", "Khotan")),
    "和田县": ("Hotan", ("Hetian",)),
    "阿克苏市": ("Aksu", ()),
    "库尔勒市": ("Korla", ()),
    "库车市": ("Kuqa", ("Kuche",)),
    "阿图什市": ("Artux", ("Atushi",)),
    "阿勒泰市": ("Altay", ("Aletai",)),
    "克拉玛依区": ("Karamay", ()),
    "乌尔禾区": ("Urho", ()),
    "乌鲁木齐县": ("Urumqi", ()),
    "沙依巴克区": ("Saybag", ()),
    "霍尔果斯市": ("Horgos", ("Khorgos",)),
    "奎屯市": ("Kuytun", ("Kuitun",)),
    "乌苏市": ("Usu", ("Wusu",)),
    "伊宁市": ("Yining", ("Ghulja",)),
    "博乐市": ("Bole", ()),
    "玛纳斯县": ("Manas", ()),
    "吉木萨尔县": ("Jimsar", ()),
    "托克逊县": ("Toksun", ()),
    "巴里坤哈萨克自治县": ("Barkol", ("Balikun",)),
    "和布克赛尔蒙古自治县": ("Hoboksar", ()),
    "塔什库尔干塔吉克自治县": ("Taxkorgan", ("Tashkurgan",)),
    "察布查尔锡伯自治县": ("Qapqal", ()),
    "阿克陶县": ("Akto", ()),
    "阿合奇县": ("Akqi", ()),
    "乌恰县": ("Ulugqat", ()),
    "布尔津县": ("Burqin", ()),
    "吉木乃县": ("Jeminay", ()),
    "特克斯县": ("Tekes", ()),
    "尼勒克县": ("Nilka", ()),
    "和硕县": ("Hoxud", ()),
    "阿瓦提县": ("Awat", ()),
    "莎车县": ("Shache", ("Yarkant", "Yarkand")),
    "叶城县": ("Yecheng", ("Kargilik",)),
    "墨玉县": ("Moyu", ("Karakax",)),
    # Tibet: the official romanization of the Tibetan names
    "堆龙德庆区": ("Doilungdeqen", ()),
    "达孜区": ("Dagze", ()),
    "林周县": ("Lhunzhub", ()),
    "当雄县": ("Damxung", ()),
    "尼木县": ("Nyemo", ()),
    "墨竹工卡县": ("Maizhokunggar", ()),
    "桑珠孜区": ("Samzhubze", ()),
    "南木林县": ("Namling", ()),
    "江孜县": ("Gyangze", ()),
    "定日县": ("Tingri", ()),
    "萨迦县": ("Sa'gya", ("Sakya",)),
    "拉孜县": ("Lhatse", ()),
    "昂仁县": ("Ngamring", ()),
    "谢通门县": ("Xaitongmoin", ()),
    "仁布县": ("Rinbung", ()),
    "康马县": ("Kangmar", ()),
    "定结县": ("Dinggye", ()),
    "吉隆县": ("Gyirong", ()),
    "聂拉木县": ("Nyalam", ()),
    "岗巴县": ("Gamba", ()),
    "卡若区": ("Karub", ()),
    "江达县": ("Jomda", ()),
    "贡觉县": ("Gonjo", ()),
    "类乌齐县": ("Riwoqe", ()),
    "丁青县": ("Dengqen", ()),
    "察雅县": ("Chagyab", ()),
    "八宿县": ("Baxoi", ()),
    "左贡县": ("Zogang", ()),
    "芒康县": ("Markam", ()),
    "洛隆县": ("Lhorong", ()),
    "边坝县": ("Banbar", ()),
    "工布江达县": ("Gongbo'gyamda", ()),
    "米林市": ("Mainling", ()),
    "墨脱县": ("Medog", ("Motuo",)),
    "察隅县": ("Zayu", ()),
    "乃东区": ("Nedong", ()),
    "扎囊县": ("Chanang", ()),
    "贡嘎县": ("Gonggar", ()),
    "琼结县": ("Qonggyai", ()),
    "曲松县": ("Qusum", ()),
    "措美县": ("Comai", ()),
    "洛扎县": ("Lhozhag", ()),
    "加查县": ("Gyaca", ()),
    "隆子县": ("Lhunze", ()),
    "错那市": ("Cona", ()),
    "浪卡子县": ("Nagarze", ()),
    "嘉黎县": ("Lhari", ()),
    "聂荣县": ("Nyainrong", ()),
    "安多县": ("Amdo", ()),
    "申扎县": ("Xainza", ()),
    "索县": ("Sog", ()),
    "班戈县": ("Baingoin", ()),
    "巴青县": ("Baqen", ()),
    "普兰县": ("Burang", ()),
    "札达县": ("Zanda", ()),
    "噶尔县": ("Gar", ()),
    "日土县": ("Rutog", ()),
    "革吉县": ("Ge'gyai", ()),
    "改则县": ("Gerze", ()),
    "措勤县": ("Coqen", ()),
    # Tibetan areas of Qinghai and Sichuan
    "格尔木市": ("Golmud", ()),
    "茫崖市": ("Mangnai", ()),
    "玛沁县": ("Maqen", ()),
    "玛多县": ("Madoi", ()),
    "达日县": ("Darlag", ()),
    "久治县": ("Jigzhi", ()),
    "杂多县": ("Zadoi", ()),
    "称多县": ("Chindu", ()),
    "治多县": ("Zhidoi", ()),
    "囊谦县": ("Nangqen", ()),
    "曲麻莱县": ("Qumarleb", ()),
    "尖扎县": ("Jainca", ()),
    "泽库县": ("Zekog", ()),
    "刚察县": ("Gangca", ()),
    "马尔康市": ("Barkam", ()),
    "色达县": ("Sertar", ()),
    "若尔盖县": ("Zoige", ()),
    "阿坝县": ("Ngawa", ("Aba",)),
    "甘孜县": ("Garze", ("Ganzi",)),
    "乌兰县": ("Ulan", ()),
    "阿克塞哈萨克族自治县": ("Aksay", ()),
    # Yunnan: the county-level city renamed for the novel's valley in 2001
    "香格里拉市": ("Shangri-La", ("Xianggelila",)),
    # Inner Mongolia
    "海拉尔区": ("Hailar", ()),
    "扎赉诺尔区": ("Jalainur", ()),
    "额尔古纳市": ("Ergun", ()),
    "二连浩特市": ("Erenhot", ()),
    "锡林浩特市": ("Xilinhot", ()),
    "乌兰浩特市": ("Ulanhot", ()),
    "霍林郭勒市": ("Holingol", ()),
    "阿尔山市": ("Arxan", ()),
    "扎兰屯市": ("Zalantun", ()),
    "阿荣旗": ("Arun", ()),
    "杜尔伯特蒙古族自治县": ("Dorbod", ()),
    "前郭尔罗斯蒙古族自治县": ("Qian Gorlos", ()),
    "科尔沁区": ("Horqin", ()),
    "白云鄂博矿区": ("Bayan Obo", ("Baiyun Obo",)),
    "达拉特旗": ("Dalad", ()),
    "准格尔旗": ("Jungar", ()),
    "伊金霍洛旗": ("Ejin Horo", ()),
    "鄂托克旗": ("Otog", ()),
    "杭锦旗": ("Hanggin", ()),
    "乌审旗": ("Uxin", ()),
    "额济纳旗": ("Ejin", ()),
    "阿巴嘎旗": ("Abag", ()),
    "扎鲁特旗": ("Jarud", ()),
    "库伦旗": ("Hure", ()),
    "扎赉特旗": ("Jalaid", ()),
    "阿鲁科尔沁旗": ("Ar Horqin", ()),
    "克什克腾旗": ("Hexigten", ()),
    "翁牛特旗": ("Ongniud", ()),
    "喀喇沁旗": ("Harqin", ()),
    "陈巴尔虎旗": ("Old Barag", ("Chen Barag",)),
    "托克托县": ("Togtoh", ()),
    "和林格尔县": ("Horinger", ()),
    "太仆寺旗": ("Taibus", ()),
    "达尔罕茂明安联合旗": ("Darhan Muminggan", ()),
    "莫力达瓦达斡尔族自治旗": ("Morin Dawa", ()),
}


@dataclass(frozen=True)
class Names:
    kind: str
    name_zh: str
    short_zh: str  # "" where the full name is the only one used
    name: str  # English
    pinyin: str
    full_name: str  # English with the kind: "Yuhang District"
    aliases: tuple[str, ...]


def syllables(text: str) -> list[str]:
    """Toneless pinyin, a syllable a character; ü as 'ü'."""
    return [s.replace("v", "ü") for s in lazy_pinyin(text, style=Style.NORMAL)]


def romanize(parts: list[str]) -> str:
    """Joined the Chinese way: an apostrophe before a, o, e after the first syllable."""
    word = parts[0] + "".join("'" + s if s[:1] in "aoe" else s for s in parts[1:])
    return word[:1].upper() + word[1:]


def ascii_spellings(name: str) -> list[str]:
    """Other spellings of a name in news: without the apostrophe, ü as u, v or yu."""
    spellings = [name]
    if "ü" in name:
        spellings = [name.replace("ü", "yu"), name.replace("ü", "u"), name.replace("ü", "v")]
    return spellings + [s.replace("'", "") for s in spellings if "'" in s]


def split(name_zh: str) -> tuple[str, str, list[str]]:
    """(stem, kind suffix, nationalities) of a full Chinese name."""
    suffix = _KIND_SUFFIX.search(name_zh).group(1)
    stem = name_zh[: -len(suffix)]
    nationalities: list[str] = []
    if suffix.startswith("自治"):
        while match := _NATIONALITY_AT_END.search(stem):
            nationalities.insert(0, match.group(0).removesuffix("族"))
            stem = stem[: match.start()]
    return stem, suffix, nationalities


def names(name_zh: str) -> Names:
    stem, suffix, nationalities = split(name_zh)
    kind, word = KINDS[suffix]
    full_syllables = syllables(name_zh)
    english_nationalities = _join_english([NATIONALITIES[n] for n in nationalities])
    wing = _WING_BANNER.match(stem) if "旗" in suffix or "左翼" in stem else None
    if wing and (wing["side"] or wing["wing"] or wing["place"]):
        english = _wing_banner(wing)
        short = ""
        pinyin = romanize(full_syllables[: len(stem)])
    elif len(stem) >= 2:
        pinyin = romanize(full_syllables[: len(stem)])
        english = pinyin
        short = "" if stem in GENERIC_STEMS else stem
    elif stem or not nationalities:
        # 歙县 Shexian, 城区 Chengqu, 矿区 Kuangqu: the character and its kind's word.
        unit = stem + suffix[-1] if stem else name_zh
        pinyin = romanize(full_syllables[: len(unit)])
        english, short, word = pinyin, "", KINDS[suffix[-1]][1]
    else:
        # 鄂温克族自治旗: named by its people alone (Ewenki Autonomous Banner).
        pinyin = romanize(syllables("".join(nationalities)))
        english = english_nationalities
        short = name_zh.replace("族", "").replace("自治", "")
    if name_zh in PINYIN:
        english = pinyin = PINYIN[name_zh]
    short = SHORT_ZH.get(name_zh, short)
    aliases: list[str] = []
    if name_zh in ESTABLISHED:
        english, others = ESTABLISHED[name_zh]
        aliases.extend(others)
    # Lüliang is written Lyuliang in English (GB/T 28039), Luliang and Lvliang in news;
    # lüe needs no mark (Lueyang).
    english, pinyin = english.replace("üe", "ue"), pinyin.replace("üe", "ue")
    spellings = [*ascii_spellings(english), *ascii_spellings(pinyin)]
    english = spellings[0]
    if stem or not nationalities:
        full_name = " ".join(p for p in (english, english_nationalities, word) if p)
    else:
        full_name = f"{english} {word}"  # Ewenki Autonomous Banner
    aliases = [a for a in dict.fromkeys(aliases + spellings) if a not in (english, pinyin)]
    return Names(kind, name_zh, short, english, pinyin, full_name, tuple(aliases))


def _join_english(parts: list[str]) -> str:
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _wing_banner(match: re.Match[str]) -> str:
    words = [
        _DIRECTION.get(match["side"] or "", ""),
        BANNER_PEOPLES[match["people"]],
        _WINGS.get(match["wing"] or "", ""),
        _BANNER_PLACE.get(match["place"] or "", ""),
    ]
    return " ".join(w for w in words if w)
