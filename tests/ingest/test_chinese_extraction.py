"""Chinese reports, simplified and traditional, read on sentences written for these tests."""

import datetime as dt

import pytest

from archive.ingest.extraction.chinese.script import number, simplified, without_pinyin_notes

D = dt.date


def names(facts, field):
    return [f.value for f in getattr(facts, field)]


SIMPLIFIED = (
    "李强在湖北调研\n\n"
    "新华社武汉1月3日电 中共中央政治局常委、国务院总理李强1月2日至3日在湖北调研。"
    "李强先后来到宜昌、武汉，考察了长江存储科技有限责任公司、武汉华工激光工程有限责任公司等企业。"
    "湖北省委书记王蒙徽、省长王忠林陪同。"
)
TRADITIONAL = (
    "李強在湖北調研\n\n"
    "新華社武漢1月3日電 中共中央政治局常委、國務院總理李強1月2日至3日在湖北調研。"
    "李強先後來到宜昌、武漢，考察了長江存儲科技有限責任公司、武漢華工激光工程有限責任公司等企業。"
    "湖北省委書記王蒙徽、省長王忠林陪同。"
)


def test_it_reads_a_traditional_report_as_the_simplified_one(extract_text):
    simple = extract_text(SIMPLIFIED, published=D(2024, 1, 4))
    traditional = extract_text(TRADITIONAL, published=D(2024, 1, 4))
    for facts in (simple, traditional):
        assert facts.language == "zh" and facts.is_tour
        assert names(facts, "officials") == ["Li Qiang"]
        assert names(facts, "provinces") == ["Hubei"]
        assert names(facts, "cities") == ["Yichang", "Wuhan"]
        assert (facts.start_date, facts.end_date) == (D(2024, 1, 2), D(2024, 1, 3))
        assert names(facts, "accompanying") == ["Wang Menghui", "Wang Zhonglin"]
    # Companies keep the characters the page printed.
    assert names(traditional, "enterprises") == [
        "長江存儲科技有限責任公司",
        "武漢華工激光工程有限責任公司",
    ]
    assert names(simple, "enterprises") == [
        "长江存储科技有限责任公司",
        "武汉华工激光工程有限责任公司",
    ]


def test_evidence_points_into_the_text_as_printed(extract_text):
    facts = extract_text(TRADITIONAL, published=D(2024, 1, 4))
    assert facts.text.startswith("李強在湖北調研")
    for fact in [*facts.cities, *facts.enterprises, *facts.officials]:
        sentence = facts.sentences[fact.sentence]
        assert facts.text[sentence.start : sentence.end] == sentence.text
    company = facts.enterprises[0]
    assert company.value in facts.sentences[company.sentence].text
    wuhan = next(f for f in facts.cities if f.value == "Wuhan")
    assert "武漢" in facts.sentences[wuhan.sentence].text


def test_readings_inserted_after_characters_are_taken_out():
    assert without_pinyin_notes("習(xí)近平在設(shè)備廠") == "習近平在設備廠"
    # Brackets that are words stay.
    assert without_pinyin_notes("华为(Huawei)公司(集团)") == "华为(Huawei)公司(集团)"


def test_the_view_has_the_length_of_the_text():
    text = "習近平總書記在黑龍江齊齊哈爾考察，乾隆年間的臺灣"
    view = simplified(text)
    assert len(view) == len(text)
    assert view.startswith("习近平总书记在黑龙江齐齐哈尔考察")


@pytest.mark.parametrize(
    "token, value",
    [
        ("16", 16),
        ("十", 10),
        ("十六", 16),
        ("二十", 20),
        ("廿五", 25),
        ("三十一", 31),
        ("二五", None),
    ],
)
def test_numbers_as_pages_write_them(token, value):
    assert number(token) == value


@pytest.mark.parametrize(
    "sentence, published, dates",
    [
        # Days of the month of the dateline; the year from the page's date.
        (
            "新华社长沙9月25日电 中共中央政治局委员、国务院副总理胡春华23日至24日在湖南调研。",
            D(2020, 9, 26),
            (D(2020, 9, 23), D(2020, 9, 24)),
        ),
        (
            "中共中央政治局常委、国务院总理李强一月十四日至十七日在湖南考察。",
            D(2024, 1, 18),
            (D(2024, 1, 14), D(2024, 1, 17)),
        ),
        (
            "中共中央政治局常委、国务院总理李强2月3号到5号到湖南省考察工作。",
            D(2024, 2, 6),
            (D(2024, 2, 3), D(2024, 2, 5)),
        ),
        # "昨天(2日)": the day in brackets.
        (
            "中共中央政治局委员、国务院副总理胡春华昨天(2日)上午赶赴湖南调研。",
            D(2022, 4, 3),
            (D(2022, 4, 2), D(2022, 4, 2)),
        ),
        # A month's end read in the next month.
        (
            "中共中央政治局常委、国务院总理李强30日在湖南考察。",
            D(2024, 2, 1),
            (D(2024, 1, 30), D(2024, 1, 30)),
        ),
        # Weekdays against the page's date (a Wednesday).
        (
            "中共中央政治局常委、国务院总理李强周一至周二在湖南考察。",
            D(2024, 1, 3),
            (D(2024, 1, 1), D(2024, 1, 2)),
        ),
        # "第三天" and "为期N天".
        (
            "中共中央政治局常委、国务院总理李强展开第二天在湖南的考察，为期4天。",
            D(2024, 1, 3),
            (D(2024, 1, 2), D(2024, 1, 5)),
        ),
        # No year anywhere: no date.
        ("中共中央政治局常委、国务院总理李强1月2日至3日在湖南考察。", None, (None, None)),
    ],
)
def test_tour_dates(extract_text, sentence, published, dates):
    facts = extract_text("李强在湖南考察\n\n" + sentence, published=published)
    assert facts.is_tour
    assert (facts.start_date, facts.end_date) == dates


def test_the_page_stamp_gives_the_year(extract_text):
    facts = extract_text(
        "李强在湖南考察\n来源：新华社  发布时间：2024-01-04 10:00\n\n"
        "新华社长沙1月3日电 中共中央政治局常委、国务院总理李强2日至3日在湖南考察。"
    )
    assert facts.published == D(2024, 1, 4)
    assert (facts.start_date, facts.end_date) == (D(2024, 1, 2), D(2024, 1, 3))


def test_a_dateline_city_is_not_a_visit(extract_text):
    facts = extract_text(
        "新华社长沙1月3日电 中共中央政治局常委、国务院总理李强2日在湖南株洲考察。",
        published=D(2024, 1, 3),
    )
    assert names(facts, "cities") == ["Zhuzhou"]


@pytest.mark.parametrize(
    "sentence, provinces, cities",
    [
        # Prefectures and autonomous prefectures, short and full.
        ("习近平在新疆喀什、和田调研。", ["Xinjiang"], ["Kashgar", "Hotan"]),
        ("习近平在甘肃临夏回族自治州调研。", ["Gansu"], ["Linxia"]),
        # A city's short name inside a word is not the city; a province's before a district
        # is another place's.
        ("习近平在重庆考察，来到重庆京东方光电科技有限公司。", ["Chongqing"], []),
        ("习近平在天津调研，来到天津市河北区税务局。", ["Tianjin"], []),
        # Another leader's trip in the same sentence.
        ("李强赴湖北宜昌，习近平选择去重庆考察。", ["Chongqing"], []),
        # Those at a meeting the leader chaired are not visited.
        ("习近平在上海主持召开上海、江苏、浙江负责人参加的座谈会。", ["Shanghai"], []),
        # Where the leader came from.
        ("习近平从吉林赶赴上海考察。", ["Shanghai"], []),
        # One-character names after a word of arriving.
        ("习近平昨日抵港，展开考察。", ["Hong Kong"], []),
        # A county next to its city.
        ("习近平来到河南新乡封丘县考察。", ["Henan"], ["Xinxiang"]),
        # The three northeastern provinces by their common name.
        ("习近平在东北三省考察。", ["Heilongjiang", "Jilin", "Liaoning"], []),
        # A province before what is there, or before a body named after it.
        ("习近平考察四川地震灾区，看望受灾群众。", ["Sichuan"], []),
        ("习近平在北京四中雄安校区考察，了解学校建设情况。", [], []),
        ("国家主席习近平抵达香港特区，展开考察。", ["Hong Kong"], []),
    ],
)
def test_places_visited(extract_text, sentence, provinces, cities):
    facts = extract_text("中共中央总书记习近平考察\n\n" + sentence, published=D(2024, 1, 3))
    assert names(facts, "provinces") == provinces
    assert names(facts, "cities") == cities


def test_companions_and_provincial_leaders(extract_text):
    facts = extract_text(
        "习近平在浙江考察\n\n"
        "5月25日至27日，习近平在浙江省委书记夏宝龙、省长李强陪同下，来到舟山和杭州考察。"
        "中央政治局委员王沪宁，中央政治局委员栗战书陪同考察。",
        published=D(2015, 5, 28),
    )
    assert names(facts, "officials") == ["Xi Jinping"]
    # Li Qiang, premier years later, goes along as governor of the time.
    assert names(facts, "accompanying") == ["Xia Baolong", "Li Qiang", "Wang Huning", "Li Zhanshu"]


def test_provincial_leaders_named_by_post_alone(extract_text):
    text = (
        "李强在湖北调研\n\n"
        "中共中央政治局常委、国务院总理李强1月2日至3日在湖北调研。湖北省委书记、省长陪同。"
    )
    # Those who held the posts on the tour's days.
    dated = extract_text(text, published=D(2024, 1, 4))
    assert names(dated, "accompanying") == ["Wang Menghui", "Wang Zhonglin"]
    # Without a year, nobody can be told.
    assert names(extract_text(text), "accompanying") == []


def test_the_leader_by_surname_and_title(extract_text):
    facts = extract_text(
        "國家主席習近平1日抵達香港特區，展開視察。習主席3日下午離開香港。",
        published=D(2024, 7, 4),
    )
    assert (facts.start_date, facts.end_date) == (D(2024, 7, 1), D(2024, 7, 3))


def test_someone_who_attends_goes_along(extract_text):
    facts = extract_text(
        "孙春兰在上海调研\n\n"
        "中共中央政治局委员、国务院副总理孙春兰4月7日至8日在上海调研。"
        "市委书记李强，市委副书记、市长龚正参加相关活动。",
        published=D(2022, 4, 9),
    )
    assert names(facts, "officials") == ["Sun Chunlan"]
    assert names(facts, "accompanying") == ["Li Qiang", "Gong Zheng"]


def test_companies_named_in_lists_and_by_their_endings(extract_text):
    facts = extract_text(
        "李强在湖南调研\n\n"
        "李强在湖南调研，实地考察了三一重工股份有限公司、蓝思科技集团、长沙某某电子公司等企业，"
        "视察一家食品加工厂，勉励公司加快发展。这是李强在湘潭电机厂车间。",
        published=D(2024, 1, 3),
    )
    assert names(facts, "enterprises") == [
        "三一重工股份有限公司",
        "蓝思科技集团",
        "长沙某某电子公司",
        "湘潭电机厂",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # An NPC delegation's session.
        "国家副主席韩正5日下午来到他所在的山东代表团，同代表们一起审议政府工作报告。",
        # A state visit.
        "国家主席习近平乘专机抵达内比都，开始对缅甸进行国事访问。",
        # A meeting in Beijing.
        "新华社北京1月24日电 中共中央政治局常委、国务院总理李强主持召开座谈会，听取意见建议。",
        # A discipline round.
        "中央第八巡视组进驻河南。中共中央政治局常委李希在河南主持召开巡视工作动员会。",
    ],
)
def test_other_news_is_no_tour(extract_text, text):
    assert not extract_text(text, published=D(2024, 3, 6)).is_tour


def test_a_known_company_is_found_by_its_chinese_name(gazetteer, extract_text):
    from archive.ingest.extraction.chinese.names import ChineseNames
    from archive.ingest.extraction.gazetteer import EnterpriseEntry

    local = type(gazetteer)(
        provinces=gazetteer.provinces,
        cities=gazetteer.cities,
        people=gazetteer.people,
        themes=gazetteer.themes,
        enterprises=[EnterpriseEntry("haier", "Haier Group", ("Haier Group",), ("海尔集团",))],
    )
    from archive.ingest.extraction import extract

    facts = extract(
        "李强在山东考察\n\n中共中央政治局常委、国务院总理李强在山东青岛考察了海爾集團公司。",
        local,
        published=D(2024, 1, 3),
    )
    assert [(f.value, f.key) for f in facts.enterprises] == [("海爾集團公司", "haier")]
    assert ChineseNames(local).enterprises["海尔"].name == "Haier Group"
