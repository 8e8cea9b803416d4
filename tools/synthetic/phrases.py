"""What synthetic reports are written from: sentence templates and phrases, as data.

Template fields: {Sub}/{sub} the leader as a sentence's subject (at the start / inside),
{Sur} the surname, {Pron}/{pron}/{poss}/{obj} pronouns, {Name} title and name ("Chinese
Premier Li Qiang"), {Full} the name with its posts, {a_tour} "an inspection tour",
{in_where} "in central China's Hubei Province", {when} the dates (may be empty), {vp} a
verb phrase and {np} a noun phrase of a theme. Generic templates carry no theme keyword
(tests check it), so the themes a report is about are the ones its phrases bring in.
"""

# fmt: off
# Per province: how Xinhua places it ("central China's Hubei Province") and how often
# tours go there, roughly by economic weight. Taiwan is left out.
PROVINCES = {
    "Beijing": ("", 6), "Tianjin": ("north", 3), "Hebei": ("north", 5), "Shanxi": ("north", 3),
    "Inner Mongolia": ("north", 3), "Liaoning": ("northeast", 4), "Jilin": ("northeast", 3),
    "Heilongjiang": ("northeast", 3), "Shanghai": ("east", 7), "Jiangsu": ("east", 8),
    "Zhejiang": ("east", 8), "Anhui": ("east", 5), "Fujian": ("southeast", 5),
    "Jiangxi": ("east", 4), "Shandong": ("east", 6), "Henan": ("central", 6),
    "Hubei": ("central", 6), "Hunan": ("central", 5), "Guangdong": ("south", 9),
    "Guangxi": ("south", 3), "Hainan": ("south", 2), "Chongqing": ("southwest", 5),
    "Sichuan": ("southwest", 6), "Guizhou": ("southwest", 4), "Yunnan": ("southwest", 4),
    "Tibet": ("southwest", 1), "Shaanxi": ("northwest", 4), "Gansu": ("northwest", 2),
    "Qinghai": ("northwest", 1.5), "Ningxia": ("northwest", 1.5), "Xinjiang": ("northwest", 3),
    "Hong Kong": ("", 0.3), "Macao": ("", 0.2),
}
# How each outlet writes: how often it reports a tour, how it gives the dates (weights of
# weekdays, dates, "a three-day tour that ended on ...", day by day, none) and how long
# its reports run (weights of short, medium, long).
OUTLETS = {
    "xinhua":     (22, [55, 15, 8, 10, 12], [0, 50, 50]),
    "people":     (10, [55, 15, 8, 10, 12], [0, 50, 50]),
    "chinadaily": (14, [40, 30, 0, 10, 20], [20, 50, 30]),
    "govcn":      (10, [15, 60, 0, 10, 15], [0, 60, 40]),
    "translated": (8,  [0, 75, 0, 0, 25],   [0, 30, 70]),
    "blog":       (6,  [60, 0, 0, 0, 40],   [0, 60, 40]),
    "brief":      (18, [50, 15, 5, 10, 20], [70, 30, 0]),
    "analysis":   (12, [40, 10, 0, 0, 50],  [50, 50, 0]),
}
# fmt: on
# Women among the leaders, for pronouns.
FEMALE = {"Sun Chunlan", "Liu Yandong", "Shen Yiqin"}

# Regional strategies, and the provinces each concerns.
# fmt: off
STRATEGIES = {
    "the Yangtze River Economic Belt": (
        "Shanghai", "Jiangsu", "Zhejiang", "Anhui", "Jiangxi", "Hubei", "Hunan", "Chongqing",
        "Sichuan", "Yunnan", "Guizhou",
    ),
    "the integrated development of the Yangtze River Delta": (
        "Shanghai", "Jiangsu", "Zhejiang", "Anhui",
    ),
    "the coordinated development of Beijing, Tianjin and Hebei": ("Beijing", "Tianjin", "Hebei"),
    "the Guangdong-Hong Kong-Macao Greater Bay Area": ("Guangdong", "Hong Kong", "Macao"),
    "the revitalization of northeast China": ("Liaoning", "Jilin", "Heilongjiang"),
    "the large-scale development of the western region": (
        "Chongqing", "Sichuan", "Guizhou", "Yunnan", "Tibet", "Shaanxi", "Gansu", "Qinghai",
        "Ningxia", "Xinjiang", "Inner Mongolia", "Guangxi",
    ),
    "the high-quality development of the Yellow River basin": (
        "Qinghai", "Sichuan", "Gansu", "Ningxia", "Inner Mongolia", "Shaanxi", "Shanxi", "Henan",
        "Shandong",
    ),
    "the rise of central China": ("Shanxi", "Henan", "Hubei", "Hunan", "Jiangxi", "Anhui"),
    "the Chengdu-Chongqing economic circle": ("Sichuan", "Chongqing"),
}
# fmt: on

# Words of their time: a phrase is not used for tours before it was coined.
SINCE = {
    "new quality productive forces": "2023-09-01",
    "large models": "2023-01-01",
    "common prosperity": "2020-10-01",
    "formerly impoverished": "2021-02-25",
    "gains in poverty alleviation": "2021-02-25",
    "the Yellow River basin": "2019-09-18",
    "Chengdu-Chongqing": "2020-01-03",
    "integrated development of the Yangtze River Delta": "2018-11-05",
}

# Per theme: how often tours are about it, noun and verb phrases, company industries
# (a name's last words, what the company is, what a visitor learns there), what else one
# learns at any of its companies, and other places a tour stops at with what the leader does.
THEMES = {
    "sci-tech-innovation": {
        "weight": 10,
        "np": [
            "sci-tech innovation",
            "innovation-driven development",
            "new quality productive forces",
            "self-reliance in science and technology",
        ],
        "vp": [
            "achieve breakthroughs in core technologies in key fields",
            "strengthen basic research and original innovation",
            "turn more technological achievements into real productivity",
            "cultivate and make good use of scientific and technological talent",
            "foster new quality productive forces",
            "deepen the integration of the innovation chain with enterprises",
        ],
        "industries": [
            (
                "Biotechnology",
                "a biotechnology company",
                "the research and development of new drugs",
            ),
            (
                "New Materials",
                "a new materials producer",
                "its research and development of advanced materials",
            ),
            ("Optoelectronics", "an optics company", "its scientific research on lasers"),
            (
                "Precision Instruments",
                "a maker of scientific instruments",
                "the research and development of high-end instruments",
            ),
            ("Pharmaceutical", "a drugmaker", "its research and development of innovative drugs"),
        ],
        "topics": [
            "how the company is tackling key technologies",
            "its investment in scientific research",
            "the transfer of its technological achievements",
        ],
        "sites": [
            (
                "a national key laboratory of {field}",
                [
                    "talked with researchers about their latest breakthroughs",
                    "learned about its scientific research progress",
                ],
            ),
            (
                "the {brand} Laboratory",
                [
                    "encouraged researchers to focus on basic research",
                    "listened to a briefing on its key technologies",
                ],
            ),
            (
                "a research institute of the Chinese Academy of Sciences",
                ["learned about its sci-tech achievements", "talked with young researchers"],
            ),
        ],
    },
    "advanced-manufacturing": {
        "weight": 9,
        "np": [
            "advanced manufacturing",
            "new industrialization",
            "the real economy",
            "a modern industrial system",
        ],
        "vp": [
            "build a modern industrial system with advanced manufacturing as its backbone",
            "keep industrial and supply chains stable and secure",
            "advance new industrialization",
            "promote the upgrading of traditional manufacturing",
            "nurture strategic emerging industries",
            "consolidate the foundation of the real economy",
        ],
        "industries": [
            (
                "Heavy Industry",
                "a heavy machinery maker",
                "the manufacturing of large construction machinery",
            ),
            ("Machine Tool", "a machine tool maker", "its machine tool production lines"),
            (
                "Equipment Manufacturing",
                "an equipment manufacturer",
                "its equipment manufacturing business",
            ),
            (
                "Precision Machinery",
                "a machinery maker",
                "its production lines for precision parts",
            ),
            (
                "Rail Transit Equipment",
                "a rail transit equipment maker",
                "the manufacturing of trains and rail equipment",
            ),
        ],
        "topics": [
            "its workshops and production lines",
            "how the company has stabilized its supply chains",
        ],
        "sites": [
            (
                "an industrial park",
                ["learned about its emerging industries", "asked about the industrial chain there"],
            ),
        ],
    },
    "digital-economy": {
        "weight": 5,
        "np": ["the digital economy", "digital transformation"],
        "vp": [
            "make the digital economy stronger, better and bigger",
            "speed up the digital transformation of traditional industries",
            "expand computing power and make better use of data",
            "develop the industrial internet",
            "support the healthy growth of the platform economy",
        ],
        "industries": [
            (
                "Digital Technology",
                "a digital services provider",
                "its digital transformation services",
            ),
            ("Information Technology", "a software company", "its industrial internet platform"),
            ("Cloud Computing", "a cloud services provider", "its cloud computing services"),
            ("Big Data", "a big data company", "how it uses big data to serve local businesses"),
        ],
        "topics": ["the digital transformation of its clients"],
        "sites": [
            (
                "a big data center",
                [
                    "learned about the use of data in public services",
                    "asked about its computing power",
                ],
            ),
            ("a computing power center", ["learned about its cloud computing services"]),
        ],
    },
    "artificial-intelligence": {
        "weight": 3,
        "np": ["artificial intelligence", "AI applications"],
        "vp": [
            "promote the application of artificial intelligence in more scenarios",
            "accelerate the development of large models and algorithms",
            "expand the use of intelligent robots",
            "seize the opportunities of the new generation of artificial intelligence",
        ],
        "industries": [
            ("Robotics", "a robot maker", "industrial robots"),
            ("Intelligent Technology", "an AI company", "its AI algorithms and large models"),
            ("Artificial Intelligence", "an AI startup", "the application of its large models"),
        ],
        "topics": ["new AI applications", "intelligent service robots"],
        "sites": [
            (
                "an artificial intelligence innovation center",
                ["watched demonstrations of robots", "learned about new AI applications"],
            ),
        ],
    },
    "semiconductors": {
        "weight": 2,
        "np": ["the integrated circuit industry", "chips"],
        "vp": [
            "raise the level of chip design and wafer fabrication",
            "build a complete integrated circuit industry",
            "strengthen the semiconductor industry",
            "improve self-sufficiency in key chips",
        ],
        "industries": [
            ("Semiconductor", "a semiconductor company", "the production of power chips"),
            ("Microelectronics", "a chipmaker", "wafer fabrication"),
            ("Integrated Circuit", "an integrated circuit designer", "integrated circuit design"),
            ("Memory Technologies", "a memory chip maker", "the development of memory chips"),
        ],
        "topics": ["its chip production"],
        "sites": [],
    },
    "green-development": {
        "weight": 7,
        "np": ["green development", "ecological conservation", "green and low-carbon development"],
        "vp": [
            "pursue green and low-carbon development",
            "strengthen ecological protection and restoration",
            "develop new energy and clean energy",
            "cut carbon emissions and fight pollution",
            "develop a circular economy",
        ],
        "industries": [
            ("New Energy", "a new energy company", "its renewable energy projects"),
            ("Photovoltaic", "a solar panel maker", "high-efficiency solar cells"),
            ("Clean Energy", "a clean energy firm", "hydrogen and other clean energy"),
            ("Wind Power", "a wind turbine maker", "wind power equipment"),
        ],
        "topics": ["its efforts to cut emissions"],
        "sites": [
            (
                "a wetland park",
                [
                    "learned about wetland and wildlife protection",
                    "called for ecological conservation",
                ],
            ),
            (
                "an afforestation area",
                ["planted trees with local residents and learned about desert control"],
            ),
            ("a photovoltaic power base", ["learned about the use of solar energy"]),
        ],
    },
    "private-economy": {
        "weight": 4,
        "np": ["the private economy", "a better business environment"],
        "vp": [
            "create a market-oriented, law-based and internationalized business environment",
            "support the growth of private enterprises",
            "help small and medium-sized enterprises solve their difficulties",
            "stimulate market vitality",
            "respect and protect entrepreneurs",
        ],
        "industries": [
            ("Home Appliances", "a home appliance maker", None),
            ("Textile", "a textile company", None),
            ("Food", "a food company", None),
            ("Garment", "a garment maker", None),
            ("Household Products", "a household products maker", None),
        ],
        "topics": [
            "how private enterprises like it have grown",
            "the difficulties facing private enterprises",
            "the expectations of local entrepreneurs",
        ],
        "sites": [],
    },
    "opening-up-trade": {
        "weight": 5,
        "np": ["high-standard opening up", "foreign trade"],
        "vp": [
            "expand high-standard opening up",
            "keep foreign trade and foreign investment stable",
            "make the pilot free trade zone a showcase of opening up",
            "attract more foreign investment",
            "boost cross-border e-commerce",
        ],
        "industries": [
            (
                "Cross-border E-commerce",
                "an e-commerce company",
                "its cross-border e-commerce business",
            ),
            ("Foreign Trade", "a trading company", "its exports to overseas markets"),
            ("Import and Export", "a foreign trade company", "its imports and exports"),
        ],
        "topics": ["how it copes with changes in foreign trade"],
        "sites": [
            (
                "a pilot free trade zone",
                ["learned about its efforts to attract foreign investment"],
            ),
            ("a land port", ["learned about cross-border trade"]),
        ],
    },
    "agriculture-rural": {
        "weight": 6,
        "np": ["rural revitalization", "food security", "agricultural modernization"],
        "vp": [
            "ensure grain production and food security",
            "advance rural revitalization across the board",
            "protect farmland and raise farmers' incomes",
            "modernize agriculture and rural areas",
            "make the seed industry stronger",
        ],
        "industries": [
            (
                "Agricultural Technology",
                "an agricultural company",
                "improved seeds and farming technology",
            ),
            ("Seed Industry", "a seed company", "new wheat varieties"),
            ("Grain and Oil", "a grain processing company", "grain processing"),
            ("Agricultural Development", "an agribusiness", "its cooperation with local farmers"),
        ],
        "topics": [],
        "sites": [
            (
                "{village} Village",
                [
                    "chatted with villagers about their incomes",
                    "asked about grain output and farmers' incomes",
                ],
            ),
            (
                "a grain production base",
                ["checked the growth of crops", "learned about the summer harvest"],
            ),
            ("a farmers' cooperative", ["talked with farmers about this year's harvest"]),
        ],
    },
    "poverty-alleviation": {
        "weight": 3,
        "np": ["poverty alleviation", "common prosperity"],
        "vp": [
            "consolidate the gains in poverty alleviation",
            "prevent people from falling back into poverty",
            "help formerly impoverished households increase their incomes",
            "promote common prosperity",
        ],
        "industries": [],
        "topics": [],
        "sites": [
            (
                "a relocation community for formerly impoverished households",
                [
                    "visited families lifted out of poverty",
                    "asked about their incomes after poverty relief",
                ],
            ),
            ("the home of a poverty-stricken family", ["asked about their income and expenses"]),
        ],
    },
    "livelihood-employment": {
        "weight": 6,
        "np": ["people's well-being", "employment"],
        "vp": [
            "stabilize and expand employment",
            "make sure migrant workers get their wages on time",
            "improve elderly care and health care services",
            "improve people's livelihoods",
            "improve education and housing conditions",
        ],
        "industries": [],
        "topics": [],
        "sites": [
            (
                "a community elderly care center",
                ["talked with elderly residents", "asked about the cost of elderly care"],
            ),
            ("a county hospital", ["learned about medical services for local residents"]),
            ("a job fair", ["talked with job seekers and migrant workers"]),
            ("a vocational education center", ["talked with students about employment"]),
        ],
    },
    "disaster-relief": {
        "weight": 2,
        "np": ["flood control and disaster relief", "disaster prevention"],
        "vp": [
            "make all-out efforts in flood control and disaster relief",
            "speed up post-disaster reconstruction",
            "strengthen emergency rescue capacity",
            "eliminate safety hazards and prevent major accidents",
            "help disaster-stricken residents resume normal life",
        ],
        "industries": [],
        "topics": [],
        "sites": [
            (
                "a flood-hit township",
                [
                    "checked the damage caused by the floods",
                    "comforted residents affected by the disaster",
                ],
            ),
            ("an emergency shelter", ["talked with residents relocated by the floods"]),
            (
                "a post-disaster reconstruction site",
                ["learned about the progress of reconstruction"],
            ),
        ],
    },
    "infrastructure-transport": {
        "weight": 5,
        "np": ["infrastructure", "modern transport"],
        "vp": [
            "speed up the construction of major projects",
            "build a modern comprehensive transport network",
            "ensure energy supply and energy security",
            "improve water conservancy infrastructure",
            "cut logistics costs",
        ],
        "industries": [
            ("Logistics", "a logistics company", "its logistics network"),
            ("Railway Engineering", "a construction company", "high-speed rail construction"),
            ("Hydropower", "a hydropower developer", "the operation of its hydropower plants"),
        ],
        "topics": [],
        "sites": [
            ("a hydropower station", ["learned about the energy supply in the region"]),
            (
                "the construction site of a high-speed railway",
                ["talked with workers on the railway project"],
            ),
            (
                "a water conservancy project",
                ["learned about its role in irrigation and water supply"],
            ),
        ],
    },
    "automotive-mobility": {
        "weight": 3,
        "np": ["the auto industry", "new energy vehicles"],
        "vp": [
            "promote the high-quality development of the auto industry",
            "boost the production and sales of new energy vehicles",
            "develop intelligent connected vehicles",
            "help carmakers expand into overseas markets",
        ],
        "industries": [
            ("Automobile", "a carmaker", "its latest car models"),
            ("Automotive", "an automaker", "intelligent connected vehicles"),
            ("Motor", "an electric car maker", "its electric vehicles"),
        ],
        "topics": ["new energy vehicles"],
        "sites": [],
    },
    "reform-governance": {
        "weight": 5,
        "np": ["deepening reform", "modern governance"],
        "vp": [
            "further deepen reform comprehensively",
            "improve government services",
            "strengthen governance at the primary level",
            "deepen the reform of state-owned enterprises",
            "strengthen policy implementation",
        ],
        "industries": [],
        "topics": [],
        "sites": [
            (
                "a government services center",
                ["learned about efforts to streamline administration"],
            ),
            ("a community governance center", ["talked with grassroots officials"]),
        ],
    },
    "consumption-services": {
        "weight": 4,
        "np": ["consumption", "domestic demand"],
        "vp": [
            "unleash the potential of consumption",
            "expand domestic demand",
            "develop cultural tourism",
            "improve the quality of the service industry",
            "ensure market supply",
        ],
        "industries": [
            ("Cultural Tourism", "a tourism company", "its cultural tourism projects"),
            ("Retail", "a retail chain", "retail sales"),
            ("Catering", "a restaurant chain", "the catering market"),
        ],
        "topics": ["how consumers are spending"],
        "sites": [
            (
                "a pedestrian shopping street",
                ["chatted with shop owners and tourists", "asked about the consumption trends"],
            ),
            ("a cultural tourism block", ["learned about the growth of tourism"]),
        ],
    },
    "regional-development": {
        "weight": 3,
        "np": ["regional coordinated development"],
        "vp": [
            "make greater contributions to {strategy}",
            "play a bigger role in {strategy}",
            "integrate more deeply into {strategy}",
            "seize the opportunities of {strategy}",
        ],
        "industries": [],
        "topics": [],
        "sites": [],
    },
}
LAB_FIELDS = [
    "crop genetics",
    "advanced optics",
    "materials science",
    "quantum information",
    "marine engineering",
    "space science",
]

TOUR_NOUNS = [
    ("an", "inspection tour"),
    ("a", "research trip"),
    ("a", "fact-finding trip"),
    ("an", "inspection trip"),
    ("a", "field trip"),
    ("an", "investigation and research tour"),
    ("a", "research tour"),
]
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}

# A report's opening sentence; "|" starts a second sentence.
LEDES = [
    "{Full} has called for efforts to {vp} during {a_tour} {in_where}{when}.",
    "{Name} has stressed the need to {vp}.|{Sur}, also {also}, made the remarks during {a_tour} {in_where}{when}.",
    "{Name} urged efforts to {vp} while on {a_tour} {in_where}{when}.",
    "{Full} made {a_tour} {in_where}{when}, calling for efforts to {vp}.",
    "{Name} visited {where}{when}, where {pron} stressed the need to {vp}.",
    "{Name} inspected {where}{when}, urging local authorities to {vp}.",
    "{Full} has urged {short_province} to {vp}.|{Sur} made the call during {a_tour} {in_where}{when}.",
    "During {a_tour} {in_where}{when}, {Name} called for greater efforts to {vp}.",
    "{Name} has underlined the importance of {np}.|{Sur}, also {also}, was speaking during {a_tour} {in_where}{when}.",
    "{Full} went on {a_tour} {in_where}{when}, with a focus on {np}.",
    "{Name} has pledged continued support for {np} during {a_tour} {in_where}{when}.",
    "Efforts should be made to {vp}, {Name} said during {a_tour} {in_where}{when}.",
    "{Name} has urged solid steps to {vp}, as {pron} toured {where}{when}.",
    "{Full} has called for more progress in {np}.|{Sur} made the remarks during {a_tour} {in_where}{when}.",
    "{Name} has highlighted {np} as a priority for {short_province}, during {a_tour} {in_where}{when}.",
    "{Name} has asked local officials to {vp}.|{Pron} was speaking during {a_tour} {in_where}{when}.",
]
# "Wuhan, Yichang and Ezhou" were on the way.
ITINERARIES = [
    "The tour took {obj} to {cities}.",
    "{Sub} went to {cities_of}.",
    "{Poss_cap} itinerary included {cities}.",
    "{Sub} visited {cities_of} during the tour.",
    "During the tour, {sub} travelled to {cities}.",
    "{Sub} stopped in {cities} to learn about local development.",
    "{Sub} inspected {cities_of}.",
    "The trip took {obj} to {cities_of}.",
    "{Sur}'s tour covered {cities}.",
    "{Sub} visited companies and communities in {cities}.",
    "In {cities}, {sub} learned about local development.",
    "{Sub} travelled to {cities} during the trip.",
]
DAY_STARTS = [
    "On {day}, {sub} visited {place}.",
    "{Sub} arrived in {place} on {day}.",
    "On {day}, {sub} travelled to {place}.",
    "{Sub} was in {place} on {day}.",
    "On {day}, {sub} went to {place}.",
    "{Sub} began the tour in {place} on {day}.",
    "On {day}, {sub} inspected {place}.",
    "{Sub} headed to {place} on {day}.",
    "On {day}, the {title} went to {place}.",
    "{Sub} spent {day} in {place}.",
]
ENTERPRISE_VISITS = [
    "In {city}, {sub} visited {company}, where {pron} learned about {topic}.",
    "At {company}, {maker} in {city}, {sur} learned about {topic}.",
    "{Sub} inspected {company}{in_city} to learn about {topic}.",
    "During a visit to {company}{in_city}, {sur} was briefed on {topic}.",
    "{Sub} also went to {company}, {maker} based in {city}, and talked with its employees about {topic}.",
    "While visiting {company}{in_city}, {sur} encouraged the company to {vp}.",
    "{Sub} toured {company}{in_city}, learning about {topic}.",
    "At {company}{in_city}, {sur} chatted with technicians about {topic}.",
    "{Sub} then travelled to {city}, where {pron} inspected {company} and learned about {topic}.",
    "Visiting {company}, {maker}, {sur} stressed the need to {vp}.",
    "In the city of {city}, {sub} stopped at {company} to learn about {topic}.",
    "{Sur}'s first stop was {company}{in_city}, where {pron} learned about {topic}.",
    "{Sub} visited {company}, {maker}{in_city}, and learned about {topic}.",
    "At {company}{in_city}, {pron} learned about {topic} and encouraged the company to {vp}.",
    "{Sub} was briefed at {company}{in_city} on {topic}.",
    "In {city}, {sub} inspected {company}, {maker}, and asked about {topic}.",
]
# Several companies named at once.
ENTERPRISE_LISTS = [
    "In {city}, {sub} inspected {companies} and other enterprises.",
    "{Sub} also visited {companies}{in_city}.",
    "{Sub} went to companies including {companies}{in_city}.",
    "In {city}, {sub} visited {companies}, and had in-depth exchanges with their managers.",
]
SITE_VISITS = [
    "{Sub} visited {site}{in_city}, where {pron} {action}.",
    "At {site}{in_city}, {sur} {action}.",
    "{Sub} also went to {site}{in_city} and {action}.",
    "During a stop at {site}{in_city}, {sur} {action}.",
    "In {city}, {sub} visited {site} and {action}.",
    "{Sub} then headed to {site}{in_city}, where {pron} {action}.",
    "While inspecting {site}{in_city}, {sur} {action}.",
    "{Sub} made a special trip to {site}{in_city} and {action}.",
    "At {site}{in_city}, the {title} {action}.",
    "{Sub} also inspected {site}{in_city}, where {pron} {action}.",
    "Visiting {site}{in_city}, {sur} {action}.",
    "In {city}, {sur} went to {site}, where {pron} {action}.",
    "{Sub} dropped in at {site}{in_city} and {action}.",
    "{Sur}'s tour also took {obj} to {site}{in_city}, where {pron} {action}.",
    "{Sub} stopped at {site}{in_city} and {action}.",
]
SYMPOSIUMS = [
    "{Sub} presided over a symposium on {np}, where {participants} shared their views.",
    "At a symposium on {np}, {sur} listened to {participants} and called for efforts to {vp}.",
    "{Sub} also chaired a symposium attended by {participants}.",
    "During a symposium, {sub} heard reports from {participants} on {np}.",
    "{Sub} held a symposium with {participants}, calling on them to {vp}.",
    "At a symposium held in {place}, {participants} briefed {obj} on {np}.",
    "{Sub} convened a meeting with {participants} to discuss {np}.",
    "Presiding over a symposium, {sur} listened to the opinions of {participants}.",
    "In a symposium following the visits, {sur} said it is necessary to {vp}.",
    "{Sub} wrapped up the tour with a symposium on {np}.",
    "At a meeting with {participants}, {sur} said efforts should be made to {vp}.",
    "{Sub} also listened to suggestions from {participants} at a symposium.",
    "A symposium on {np} was presided over by {sur}, with {participants} taking part.",
    "{Sub} held talks with {participants} and asked them to {vp}.",
    "The {title} heard the views of {participants} at a symposium on {np}.",
]
PARTICIPANTS = [
    "officials from provincial departments",
    "business executives",
    "representatives of local companies",
    "experts and scholars",
    "local officials",
    "heads of several companies",
]
REMARKS = [
    "{Sub} called for efforts to {vp}.",
    "{Sub} stressed the need to {vp}.",
    "It is necessary to {vp}, {sur} said.",
    "{Sub} urged local authorities to {vp}.",
    "Efforts should be made to {vp}, {sur} noted.",
    "{Sub} underscored the importance of continuing to {vp}.",
    "Noting that {short_province} has a solid foundation, {sur} asked local officials to {vp}.",
    "{Sub} encouraged {audience} to {vp}.",
    '"We must {vp}," {sur} told local officials.',
    "{Pron} also asked the provincial authorities to {vp}.",
    "{Sub} said more should be done to {vp}.",
    "{Sub} expressed the hope that {short_province} will {vp}.",
    "{Sub} pointed out that it is important to {vp}.",
    "Governments at all levels should {vp}, {sur} said.",
    "{Sub} also demanded solid work to {vp}.",
    "It is imperative to {vp}, according to {sur}.",
    "{Sub} called on {audience} to {vp}.",
    "Stressing {np}, {sur} urged efforts to {vp}.",
]
AUDIENCES = [
    "local enterprises",
    "local officials",
    "officials at all levels",
    "business leaders",
    "local governments",
]
ACCOMPANIMENTS = [
    "{companions} accompanied the inspection.",
    "{Sub} was accompanied by {companions}.",
    "{companions} accompanied {sur} on the tour.",
    "The inspection was accompanied by {companions}.",
    "{Sub} was joined by {companions} during the tour.",
    "Accompanied by {companions}, {sur} also met local officials.",
    "{companions} {were} with {obj} during the visit.",
    "Accompanying {sur} {were} {companions}.",
    "{Sub} was accompanied on the inspection by {companions}.",
    "Also on the trip {were} {companions}.",
    "{companions} accompanied the investigation.",
    "{Sub} made the trip together with {companions}.",
    "During the tour, {sub} was accompanied by {companions}.",
    "{companions} accompanied {obj} during the inspection.",
    "{companions} took part in the inspection.",
]
CLOSINGS = [
    "{Sub} fully affirmed the achievements of {short_province} in economic and social development and urged it to {vp}.",
    "{Sub} called on {short_province} to {vp} and make new contributions to Chinese modernization.",
    "{Short_province} should forge ahead with determination and {vp}, {sur} said.",
    "Noting that this year's targets must be met, {sur} said {short_province} should {vp}.",
    "{Sub} expressed the hope that {short_province} will take the lead in high-quality development.",
    "{Sub} asked {short_province} to fully implement the decisions of the CPC Central Committee.",
    "{Sub} urged {short_province} to shoulder its responsibilities and {vp}.",
    "Summing up the tour, {sur} said {short_province} has every condition to {vp}.",
    "{Sub} encouraged officials in {short_province} to work hard and {vp}.",
    "{Short_province} must keep its focus on high-quality development, {sur} said.",
]
CAPTIONS = [
    "{Caption_name} visits {stop} in {caption_place}, {caption_date}. {Sur} made {a_tour} {in_where}{when}. (Xinhua/{photographer})",
    "{Caption_name} learns about {topic} at {stop} in {caption_place}, {caption_date}. {Sur} made {a_tour} {in_where}{when}. (Xinhua/{photographer})",
    "{Caption_name} inspects {stop} in {caption_place}, {caption_date}. (Xinhua/{photographer})",
    "{Caption_name} talks with employees at {stop} in {caption_place}, {caption_date}. {Sur} made {a_tour} {in_where}{when}. (Xinhua/{photographer})",
    "{Caption_name} listens to a briefing at {stop} in {caption_place}, {caption_date}. (Xinhua/{photographer})",
]
TITLES = [
    "{short_title} stresses {np}",
    "{short_title} calls for efforts to {vp}",
    "{short_title} inspects {province}",
    "{Sur} urges efforts to {vp} during {province} tour",
    "{short_title} urges {np} in {province}",
    "{name} inspects {province}, stresses {np}",
    "{short_title} underlines {np} during inspection tour",
    "{name} calls for more progress in {np}",
    "{short_title} makes inspection tour in {province}",
    "{name} visits {province}",
    "{short_title} stresses efforts to {vp}",
    "{Sur} visits {province} companies, urges {np}",
    "{short_title} calls for {np} in {province}",
    "{name} on inspection tour in {province}",
    "{short_title} urges {province} to {vp}",
]
ANALYSIS_OPENINGS = [
    "{Name} visited {companies} during {a_tour} {in_where}{when}, according to state media.",
    "{Name} toured {where}{when}, state broadcaster CCTV reported, in the latest sign of official attention to {np}.",
    "{Name} made {a_tour} {in_where}{when}, stopping at {companies}, according to Xinhua.",
]
ANALYSIS_COMMENTS = [
    "Analysts said the visit signalled support for local companies as the economy seeks new growth drivers.",
    "The trip comes as Beijing tries to shore up confidence among investors.",
    "Such visits are closely watched for clues to policy priorities.",
    "A spokesperson for the company declined to comment on the visit.",
]
BACKGROUND = [
    "In {month}, {sur} visited companies in {other_province}.",
    "{Sur} last toured {other_province} in {month} {year}.",
]

# Non-tour news: meetings, data, diplomacy; a leader appears, or nobody at all.
NON_TOUR_TITLES = {
    "meeting": "{short_title} chairs meeting on {np}",
    "foreign": "{short_title} meets {foreign_title} in Beijing",
    "speech": "{short_title} addresses {forum}",
    "video": "{short_title} stresses {np} at video conference",
    "data": "China's {indicator} {trend} in {month}",
    "trip": "{short_title} leaves for visit to {country}",
}
NON_TOUR_BODIES = {  # alternative bodies for each kind
    "meeting": [
        [
            "{Name} chaired a meeting on {np} on {day}, which discussed measures to {vp}.",
            "The meeting stressed that the tasks set for the year should be fulfilled.",
            "Participants also reviewed a draft regulation and heard a report on policy evaluation.",
        ],
        [
            "{Name} on {day} presided over a meeting in Beijing on {np}.",
            "{Sur} called for efforts to {vp} and asked departments to coordinate closely.",
            "Heads of several ministries attended the meeting.",
        ],
    ],
    "foreign": [
        [
            "{Name} met with visiting {foreign_title} {foreign_name} in Beijing on {day}.",
            "{Sur} said China is willing to work with {country} to deepen practical cooperation.",
            "{foreign_name} said {country} values its relations with China.",
        ],
        [
            "{Name} held talks with {foreign_title} {foreign_name} of {country} at the Great Hall of the People on {day}.",
            "The two sides agreed to expand cooperation in trade, investment and people-to-people exchanges.",
        ],
    ],
    "speech": [
        [
            "{Name} delivered a keynote speech at the opening of {forum} in Beijing on {day}.",
            "{Sur} said China will stay committed to its path of high-quality development.",
            "More than 1,000 delegates from home and abroad attended the event.",
        ],
        [
            "{Name} on {day} addressed {forum}, calling for efforts to {vp}.",
            "The event drew participants from more than 60 countries and regions.",
        ],
    ],
    "video": [
        [
            "{Name} on {day} called for efforts to {vp} at a national video conference.",
            "{Sur} said authorities should stay alert and make detailed arrangements.",
            "Officials from all provinces attended the video conference.",
        ],
        [
            "{Name} stressed {np} while addressing a national teleconference on {day}.",
            "Local governments should take responsibility and act promptly, {Sur} said.",
        ],
    ],
    "data": [
        [
            "China's {indicator} {trend} {value} percent year on year in {month}, the National Bureau of Statistics said on {day}.",
            "The figure compared with {value2} percent in the previous month, the bureau said.",
            "A spokesperson for the bureau said the economy maintained a steady recovery momentum.",
        ],
        [
            "China's {indicator} {trend} {value} percent in {month} from a year earlier, official data showed on {day}.",
            "Analysts had expected growth of {value2} percent.",
        ],
    ],
    "trip": [
        [
            "{Name} arrived in {capital} on {day} for {visit_kind} to {country}.",
            "{Sur} left Beijing earlier in the day and was greeted by senior officials at the airport.",
            "During the visit, {sur} will hold talks with the leaders of {country}.",
        ],
        [
            "{Name} left Beijing on {day} for {visit_kind} to {country}.",
            "{Sur} is expected to meet with {country}'s {foreign_title} {foreign_name} in {capital}.",
        ],
    ],
}
INDICATORS = [
    "industrial output",
    "retail sales",
    "fixed-asset investment",
    "consumer price index",
    "exports",
]
FORUMS = [
    "the China Development Forum",
    "the World Internet Conference",
    "the China International Fair for Trade in Services",
    "a national science conference",
]
COUNTRIES = [
    ("Kazakhstan", "Astana", "President", "Daniyar Sultanov"),
    ("Vietnam", "Hanoi", "Prime Minister", "Tran Van Minh"),
    ("Brazil", "Brasilia", "President", "Paulo Ferreira"),
    ("Egypt", "Cairo", "Prime Minister", "Ahmed Nasser"),
    ("Serbia", "Belgrade", "President", "Milan Petrovic"),
    ("Indonesia", "Jakarta", "President", "Budi Santoso"),
]

BLOG_FOOTER = (
    "\\n\\n\n\nLeave a Reply\n\nYour email address will not be published. Required fields are "
    "marked *\n\nBack To Top"
)

# Where invented names come from.
# fmt: off
BRAND_SYLLABLES = [
    "Hua", "Zhong", "Xin", "Tian", "Hong", "Kai", "Rui", "Heng", "Long", "Sheng", "Yuan", "Tai",
    "Bo", "Guang", "Ming", "Jia", "Wei", "De", "Feng", "Xing", "Jun", "Hao", "Qi", "Lan",
    "Chuang", "Zhi", "Tong", "Ke", "Yao", "Han", "Cheng", "Bao", "Jing",
]
BRAND_ENDINGS = [
    "xin", "tong", "rui", "chen", "da", "yuan", "tai", "hui", "sheng", "kang", "feng", "ming",
    "neng", "chuang", "li", "wei", "jie", "yi", "xiang", "kun",
]
PERSON_SURNAMES = [
    "Wang", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Xu", "Sun", "Ma", "Zhu",
    "Hu", "Guo", "Gao", "Lin", "Luo", "Xie", "Ju", "Rao",
]
PERSON_GIVEN = [
    "Jingwen", "Peng", "Weibing", "Huanchi", "Dawei", "Ling", "Yan", "Tao", "Xiang", "Aimin",
    "Yue", "Bowen", "Lei", "Jun", "Qing", "Hao", "Xiaoyu", "Yiming",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
AP_MONTHS = [  # Xinhua's style: "Jan. 3", "March 21", "Sept. 9"
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
]
# fmt: on
