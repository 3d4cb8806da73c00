"""Data tables for the demo generator: invented names, places and texts.

Everything here is fictitious. First and family names are common ones, combined at
random; towns are invented ("Voorbeeld" is the default municipality of the app), so
no demo address points at a real home. Names per country let the officer try the
"already known" search across scripts and diacritics (Łukasz, Ștefan, Иван, محمد).
"""

from __future__ import annotations

# (nationality label, gender, first names, family names)
PEOPLE: list[tuple[str, str, list[str], list[str]]] = [
    ("Nederlandse", "female", ["Sanne", "Lotte", "Fleur", "Iris", "Noor"],
     ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit"]),
    ("Nederlandse", "male", ["Daan", "Bram", "Thijs", "Ruben", "Jeroen"],
     ["de Boer", "Mulder", "Bos", "Vos", "Peters", "Hendriks"]),
    ("Poolse", "male", ["Łukasz", "Paweł", "Krzysztof", "Michał", "Tomasz"],
     ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński"]),
    ("Poolse", "female", ["Agnieszka", "Małgorzata", "Katarzyna", "Żaneta"],
     ["Lewandowska", "Zielińska", "Szymańska", "Dąbrowska"]),
    ("Roemeense", "male", ["Ștefan", "Andrei", "Ionuț", "Mihai", "Constantin"],
     ["Popescu", "Ionescu", "Dumitrescu", "Stănescu", "Munteanu"]),
    ("Roemeense", "female", ["Ioana", "Elena", "Mădălina", "Andreea"],
     ["Constantinescu", "Georgescu", "Pătrașcu", "Rădulescu"]),
    ("Bulgaarse", "male", ["Иван", "Георги", "Димитър", "Николай"],
     ["Иванов", "Петров", "Георгиев", "Димитров"]),
    ("Bulgaarse", "female", ["Мария", "Елена", "Десислава", "Цветелина"],
     ["Иванова", "Николова", "Стоянова", "Тодорова"]),
    ("Turkse", "male", ["Mehmet", "Emre", "Burak", "Yusuf"],
     ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik"]),
    ("Turkse", "female", ["Ayşe", "Elif", "Zeynep", "Büşra"],
     ["Öztürk", "Aydın", "Arslan", "Doğan"]),
    ("Marokkaanse", "male", ["محمد", "Youssef", "Mohamed", "Hamza"],
     ["El Amrani", "Bouzid", "العلوي", "Benali"]),
    ("Marokkaanse", "female", ["Fatima", "فاطمة", "Samira", "Nadia"],
     ["El Idrissi", "Tahiri", "بنعلي", "Ouali"]),
    ("Eritrese", "male", ["Tesfay", "Yonas", "Dawit", "Mebrahtu"],
     ["Gebremedhin", "Tekle", "Haile", "Berhane"]),
    ("Eritrese", "female", ["Selam", "Helen", "Luwam", "Senait"],
     ["Tesfamariam", "Ghebreyesus", "Woldu", "Kidane"]),
    ("Nigeriaanse", "female", ["Blessing", "Joy", "Precious", "Chioma", "Favour"],
     ["Okafor", "Adeyemi", "Eze", "Okonkwo", "Nwosu"]),
    ("Nigeriaanse", "male", ["Emeka", "Chinedu", "Tunde", "Oluwaseun"],
     ["Balogun", "Obi", "Ibrahim", "Adebayo"]),
    ("Chinese", "female", ["王芳", "李娜", "Li Na", "Zhang Wei"],
     ["", "", "Chen", "Liu"]),
    ("Chinese", "male", ["张伟", "刘洋", "Wang Lei", "Chen Jie"],
     ["", "", "Huang", "Zhao"]),
    ("Vietnamese", "male", ["Nguyễn Văn", "Trần Minh", "Phạm Quốc"],
     ["An", "Bình", "Dũng"]),
    ("Oekraïense", "female", ["Олена", "Наталія", "Oksana"],
     ["Шевченко", "Коваленко", "Bondarenko"]),
    ("Hongaarse", "male", ["László", "Gábor", "Zoltán"], ["Nagy", "Kovács", "Szabó"]),
    ("Braziliaanse", "female", ["Ana Luíza", "Gabriela", "Júlia"],
     ["da Silva", "Santos", "Conceição"]),
]

ORGANISATIONS: list[tuple[str, str]] = [
    # (name, sector)
    ("Uitzendbureau Snelwerk B.V.", "uitzendbranche"),
    ("Flexpool Voorbeeld B.V.", "uitzendbranche"),
    ("Kwekerij De Groene Kas", "tuinbouw"),
    ("Champignonkwekerij Het Veld", "land- en tuinbouw"),
    ("Nagelstudio Glamour", "schoonheidsverzorging"),
    ("Massagesalon Lotus", "massage"),
    ("Autowasstraat Blinkend", "autowasserij"),
    ("Restaurant De Gouden Draak", "horeca"),
    ("Schoonmaakbedrijf Spic & Span", "schoonmaak"),
    ("Distributiecentrum Voorbeeld Logistiek", "logistiek"),
    ("Bouwbedrijf Stevig", "bouw"),
    ("Hotel De Vijf Sterren", "hotel"),
    ("Vleesverwerking Rundstaal", "vleesverwerking"),
    ("Shishalounge Noor", "horeca"),
    ("Telecomwinkel Bel & Co", "detailhandel"),
]

TOWNS: list[tuple[str, str]] = [
    # (town, first two postcode digits' prefix) — invented towns
    ("Voorbeeld", "34"), ("Voorbeeld-Noord", "34"), ("Oud-Voorbeeld", "35"),
    ("Proefdorp", "37"), ("Nieuw-Proefdorp", "37"), ("Testerveen", "39"),
]

STREETS = ["Lindelaan", "Kerkstraat", "Industrieweg", "Stationsweg", "Molenweg",
           "Havenkade", "Beukenlaan", "Dorpsstraat", "Bedrijvenpark Oost", "Kanaalweg",
           "Zuidsingel", "Parklaan", "Hoefsmidstraat", "Vaartweg", "Recreatiepark De Duinen"]

DEPARTMENTS = ["Team Handhaving", "Publiekszaken (balie)", "Sociaal team Noord",
               "Sociaal team Zuid", "Wmo-consulenten", "Team Vergunningen",
               "Team Werk en Inkomen", "Leerplicht", "Team Wonen", "Bibob-coördinatie"]

EMPLOYEE_FIRST = ["Marieke", "Anouk", "Kees", "Pieter", "Ingrid", "Fatima", "Sander",
                  "Esther", "Jeroen", "Mustafa", "Yvonne", "Ronald", "Linda", "Hasan"]
EMPLOYEE_LAST = ["Verhoeven", "Brouwer", "de Graaf", "Kuipers", "van Leeuwen", "Dekker",
                 "Aksoy", "Prins", "Willems", "Blom", "Scholten", "El Khatib"]

# DESCRIPTIONS[form][i] tells the story that SUMMARIES[form][i] sums up.
DESCRIPTIONS = {
    "labour": [
        "Op het adres verblijven veel arbeidsmigranten; een busje haalt hen elke ochtend "
        "om vijf uur op. Bewoners zeggen dat hun paspoort bij de werkgever ligt.",
        "Tijdens een integrale controle bleek dat werknemers in de loods slapen. Zij "
        "werken zeven dagen per week en kennen hun loon niet.",
        "Medewerker hoorde aan de balie dat huur en reiskosten van het loon worden "
        "ingehouden; er blijft vrijwel niets over. Betrokkene was angstig.",
        "Werknemers van een schoonmaakbedrijf worden contant en ver onder het "
        "minimumloon betaald; een van hen heeft een forse schuld aan de bemiddelaar.",
    ],
    "sexual": [
        "Jonge vrouw staat vaak bij de ingang van een vakantiepark en wordt door "
        "wisselende mannen opgehaald. Zij spreekt geen Nederlands en heeft geen telefoon.",
        "Bij een hotelcontrole trof de boa een vrouw aan die zei 'voor een vriend' te "
        "werken. De kamer was geboekt door iemand anders; er lagen veel telefoons.",
        "Advertenties op een sekssite met steeds dezelfde kamer op dit adres; de "
        "vrouwen wisselen elke week.",
        "Een minderjarige vertelt aan de leerplichtambtenaar over een 'vriendje' dat "
        "haar meeneemt naar feestjes en cadeaus geeft; zij verzuimt veel.",
    ],
    "criminal": [
        "Jongeren uit de wijk worden ingezet als drugsrunner; een van hen heeft een "
        "schuld opgebouwd en durft niet meer naar huis.",
        "Bij de sluiting van een hennepkwekerij trof de politie een man aan die in de "
        "kwekerij woonde en zegt de eigenaar niet te kennen.",
        "Bij het winkelcentrum bedelen elke dag dezelfde personen, die 's avonds met een "
        "auto worden opgehaald; de opbrengst wordt afgedragen.",
        "Een bewoner opent op verzoek van een 'vriend' bankrekeningen en sluit "
        "telefoonabonnementen af; hij heeft licht verstandelijke beperking.",
    ],
    "other": [
        "Signaal over mogelijke gedwongen orgaanverwijdering; valt buiten het beleid, "
        "vastgelegd en doorgezet naar de politie.",
        "Onduidelijk signaal: buurtbewoners maken zich zorgen over een woning waar veel "
        "mensen in en uit gaan.",
    ],
}

SUMMARIES = {
    "labour": ["Zorgen over huisvesting arbeidsmigranten", "Werknemers slapen op bedrijfsterrein",
               "Loon ingehouden door werkgever", "Onderbetaling en schuld bij bemiddelaar"],
    "sexual": ["Vermoeden uitbuiting in vakantiepark", "Hotelcontrole: mogelijk slachtoffer",
               "Wisselende vrouwen op één adres", "Zorgen over minderjarige en 'loverboy'"],
    "criminal": ["Jongeren ingezet als drugsrunner", "Man aangetroffen in hennepkwekerij",
                 "Georganiseerd bedelen bij winkelcentrum", "Misbruik van kwetsbare bewoner"],
    "other": ["Signaal buiten beleid (overig)", "Veel verloop in woning"],
}

NOTE_TEXTS = [
    "BRP: op dit adres staan {n} personen ingeschreven.",
    "KvK: onderneming ingeschreven sinds {year}; bestuurder elders bekend.",
    "BAG: pand heeft een bedrijfsbestemming, geen woonfunctie.",
    "Eerdere signalen: adres eerder genoemd in een melding.",
    "Handhaving: eerder een last onder dwangsom opgelegd voor bewoning.",
    "Sociaal team: betrokkene niet bekend.",
    "Vergunningen: exploitatievergunning aangevraagd, Bibob-toets loopt.",
]

DECISIONS = [
    "Informatie delen met zorgcoördinator; politie neemt contact op met betrokkene.",
    "Integrale controle plannen met omgevingsdienst en NLA.",
    "Wijkagent gaat langs; terugkoppeling in volgend overleg.",
    "Bibob-onderzoek starten; vergunningaanvraag aanhouden.",
    "Geen vervolg in dit overleg; zorgcoördinator pakt zorgkant op.",
]

ACTION_HOLDERS = ["wijkagent", "aandachtsfunctionaris", "ondermijningsspecialist politie",
                  "team Handhaving", "zorgcoördinator"]

CONTACTS = {
    "zorgcoordinator": ("Hanneke Zorgvlied (fictief)", "zorgcoördinator mensenhandel"),
    "politie_avim": ("Rechercheur R. Vermeulen (fictief)", "AVIM, team mensenhandel"),
    "nla": ("Inspecteur T. Okkerse (fictief)", "Nederlandse Arbeidsinspectie"),
}
