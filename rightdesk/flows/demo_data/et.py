"""Estonian demo: the internal accounting desk of Põhjala Kaubandus; customers are colleagues."""

from __future__ import annotations

from rightdesk.flows.demo_data import Person, Topic

LANGUAGE = "et"
SLUG = "demo-et"
WORKSPACE = "Põhjala Kaubandus – raamatupidamine"
TIMEZONE = "Europe/Tallinn"
DOMAIN = "pohjala-kaubandus.test"
NUMBER_PREFIX = "nr "

TEAMS = ["Ostuarved", "Palgaarvestus", "Kuluaruanded"]

PEOPLE: list[Person] = [
    {"role": "owner", "name": "Kadri Tamm", "email": "kadri.tamm", "teams": [0, 1, 2]},
    {"role": "manager", "name": "Margus Kask", "email": "margus.kask", "teams": [0, 2]},
    {"role": "champion", "name": "Liis Saar", "email": "liis.saar", "teams": [1]},
    {"role": "agent", "name": "Triin Mägi", "email": "triin.magi", "teams": [0]},
    {"role": "agent", "name": "Andres Sepp", "email": "andres.sepp", "teams": [2]},
    {"role": "agent", "name": "Kristel Lepik", "email": "kristel.lepik", "teams": [1, 2]},
    {"role": "agent", "name": "Rasmus Kukk", "email": "rasmus.kukk", "teams": [0]},
]

FIRST_NAMES_F = [
    "Maarja",
    "Kati",
    "Piret",
    "Eve",
    "Anu",
    "Merike",
    "Helen",
    "Kristiina",
    "Marju",
    "Tiina",
    "Laura",
    "Grete",
    "Karmen",
    "Ülle",
    "Kärt",
    "Mari-Liis",
    "Signe",
    "Reet",
]
FIRST_NAMES_M = [
    "Jaan",
    "Toomas",
    "Tõnu",
    "Priit",
    "Mart",
    "Kalle",
    "Urmas",
    "Rein",
    "Siim",
    "Marko",
    "Indrek",
    "Ott",
    "Kristjan",
    "Märt",
    "Jüri",
    "Tarmo",
    "Aivar",
    "Sander",
]
LAST_NAMES_F = LAST_NAMES_M = [
    "Tamm",
    "Saar",
    "Sepp",
    "Mägi",
    "Kask",
    "Kukk",
    "Rebane",
    "Ilves",
    "Pärn",
    "Koppel",
    "Lepik",
    "Kuusk",
    "Karu",
    "Lill",
    "Põder",
    "Raudsepp",
    "Vaher",
    "Org",
    "Kõiv",
    "Mänd",
    "Teder",
    "Jõgi",
    "Sild",
    "Õunapuu",
    "Luik",
    "Valk",
    "Laur",
    "Kivi",
]
EMAIL_DOMAINS = ["pohjala-kaubandus.test"]
PHONE_FORMAT = "+372 5{r:03d} {a:02d}{b:02d}"
PHONE_SHARE = 0.6
ORGANISATIONS = [
    "Müügiosakond",
    "Ladu ja logistika",
    "IT-osakond",
    "Turundus",
    "Personaliosakond",
    "Juhatus",
    "Tartu kauplus",
    "Pärnu kauplus",
    "Klienditugi",
]
ORGANISATION_SHARE = 0.95
CUSTOMER_TAGS = [
    "eelarvejuht",
    "sage lähetus",
    "uus töötaja",
    "osaajaga",
    "juhatuse liige",
    "ettevõtte kaart",
]
CUSTOMER_NOTES = [
    "Kinnitab oma osakonna ostuarved, asendaja puhkuse ajal on Margus.",
    "Käib sageli Soomes ja Lätis lähetustel, päevarahad arvestatakse kord kuus.",
    "Alustas tööd sel kvartalil – vajab abi Merit Palga ja kuluaruannete vormiga.",
    "Töötab osalise tööajaga (0,6), palgaarvestus tunnipõhine.",
    "Tal on ettevõtte pangakaart, kviitungid kipuvad kaduma.",
    "Eelistab suhelda Teamsis, e-kirjadele vastab aeglaselt.",
]

GREETINGS = ["Tere!", "Tere,", "Tervist!", "Tere päevast!", "Hei!", "Tere, raamatupidamine!"]
SIGNOFFS = [
    "Aitäh!\n{first}",
    "Tänan,\n{name}",
    "Parimat,\n{name}",
    "Ette tänades,\n{first}",
    "{first}",
]
AGENT_GREETINGS = ["Tere, {first}!", "Hei, {first}!", "Tere {first},"]
AGENT_SIGNOFFS = [
    "Parimate soovidega\n{agent}\nraamatupidamine",
    "Ilusat päeva!\n{agent}",
    "Küsi julgelt, kui midagi jääb segaseks.\n{agent}",
    "Tervitades\n{agent}, sisemine raamatupidamise tugi",
]
THANKS = [
    "Suur aitäh, nüüd on selge!",
    "Aitäh kiire abi eest.",
    "Tänan, raha jõudis kontole.",
    "Super, aitäh, {agent_first}!",
    "Selge, tänan selgituse eest.",
    "Aitäh, sain kõik vajaliku.",
]
NUDGES = [
    "Tere, kas minu küsimusega on mingeid uudiseid?",
    "Tuletan meelde oma eelmist kirja – vastust veel pole.",
    "Kas keegi saaks täna tagasi helistada? Asi on üsna kiire.",
]
NOTES = [
    "Kontrollisin Meritist: kanne on olemas, aga kulukoht on vale.",
    "Sama küsimus tuli eelmisel kuul ka müügiosakonnast – võiks teha juhendi.",
    "Vajab Margusega kooskõlastamist, summa ületab limiidi.",
]

SECOND_REPLIES = [
    "Aitäh vastuse eest! Andsin info kolleegile edasi, kinnitame kõik homme päeva lõpuks.",
    "Selge. Kontrollisin veel kord ja vormistasin kõik ära – kinnitus tuleb e-postile.",
    "Vabandust ebamugavuse pärast. Suunasin küsimuse Margusele, ta võtab sinuga täna ühendust.",
    "Aitäh, see aitas. Uuendasin andmed ja kõik on nüüd nii, nagu palusid.",
]

TOPICS: list[Topic] = [
    {
        "team": 2,
        "tags": ["kuluaruanne", "hüvitis"],
        "priority": "normal",
        "subjects": [
            "Kulude hüvitamine",
            "Millal kuluaruanne välja makstakse?",
            "Kuluaruanne {order}",
        ],
        "customer": [
            "Esitasin eelmisel nädalal kuluaruande {order} (kliendiõhtusöök ja taksod, kokku 186,40 €), aga raha pole veel kontole jõudnud. Millal võiks see laekuda?",
            "Ostsin oma kaardiga laole kaks pikendusjuhet ja kleepelindi, kokku 42,90 €. Kuidas saan selle kulu tagasi?",
            "Kuluaruande süsteem ei luba mul lisada kviitungit PDF-ina – kas võin selle lihtsalt e-kirjaga saata?",
        ],
        "replies": [
            "Kuluaruanne {order} on kinnitatud ja läheb välja neljapäevase maksega. Kuluaruandeid makstakse meil kaks korda kuus, 5. ja 20. kuupäeval.",
            "Lisa palun kulu kuluaruandesse liigiga „Majanduskulud“ ja kulukohaks „Ladu“. Kviitungist piisab fotost. Pärast juhi kinnitust maksame järgmise väljamaksega.",
            "Jah, saada kviitung siia vastuseks, lisame selle ise aruande juurde. Probleem PDF-failidega on teada, IT tegeleb sellega.",
        ],
        "notes": [
            "Aruanne ootab veel osakonnajuhi kinnitust – saatsin meeldetuletuse.",
            "Kliendiõhtusöök: lisada osalejate nimed, muidu on see erisoodustus.",
        ],
        "followups": [
            "Aitäh! Kas ma pean veel midagi täitma?",
            "Raha pole endiselt laekunud.",
            "Saatsin kviitungi, kas jõudis kohale?",
        ],
    },
    {
        "team": 1,
        "tags": ["palk", "palgaleht"],
        "priority": "high",
        "subjects": [
            "Küsimus palgalehe kohta",
            "Palk tundub väiksem",
            "Ületunnid puuduvad palgast",
        ],
        "customer": [
            "Selle kuu palgalehel on netosumma umbes 80 € väiksem kui tavaliselt. Ületunde ma ei teinud, aga puhkust ka ei võtnud. Mis võib olla põhjus?",
            "Tegin oktoobris inventuuri ajal 12 ületundi, aga palgalehel neid ei ole. Kas need tulevad järgmise kuu palgaga?",
            "Palgalehel on uus rida „kinnipidamine“ – mis see on?",
        ],
        "replies": [
            "Vaatasin üle: sel kuul muutus sinu maksuvaba tulu arvestus, kuna esitasid uue avalduse. Brutopalk on sama. Kui soovid, saame maksuvaba tulu arvestust muuta alates järgmisest kuust.",
            "Ületunnid ei jõudnud tabelisse enne palgaarvestuse lõppu. Need makstakse välja koos novembri palgaga, poolteisekordse tasuga.",
            "See on sinu enda tellitud lisapensioni sissemakse (III sammas), mille avaldus jõudis meile eelmisel kuul. Kui see pole õige, anna teada.",
        ],
        "notes": [
            "Tööajatabel jõudis alles 3. kuupäeval, ületunnid lähevad järgmisse kuusse.",
            "Avalduse koopia on Merit Palgas töötaja kaardil.",
        ],
        "followups": [
            "Aga miks mulle sellest keegi ei öelnud?",
            "Kas saate saata mulle parandatud palgalehe?",
            "Selge, siis ootan järgmise kuu palka.",
        ],
    },
    {
        "team": 1,
        "tags": ["puhkusetasu", "puhkus"],
        "priority": "normal",
        "subjects": ["Puhkusetasu arvestus", "Millal puhkusetasu makstakse?", "Puhkuse jääk"],
        "customer": [
            "Lähen detsembris kaheks nädalaks puhkusele. Millal puhkusetasu kontole tuleb ja kuidas seda arvestatakse?",
            "Kui palju puhkusepäevi mul veel alles on? Portaalis on üks number, juhi tabelis teine.",
            "Puhkusetasu oli väiksem, kui ootasin. Kas preemiad lähevad keskmise palga arvestusse?",
        ],
        "replies": [
            "Puhkusetasu makstakse hiljemalt puhkusele eelneval tööpäeval, kui avaldus on esitatud vähemalt 14 päeva ette. Tasu arvestatakse viimase kuue kuu keskmise palga järgi.",
            "Sinu puhkuse jääk on 14 kalendripäeva (sh 3 päeva eelmisest aastast). Juhi tabel polnud viimast puhkust veel arvesse võtnud – uuendasime selle.",
            "Jah, kuupreemiad lähevad keskmisse, aga ühekordne jõulupreemia mitte. Saadan arvutuse eraldi failina.",
        ],
        "notes": ["Jääk portaalis on õige, juhi Exceli tabel on vananenud."],
        "followups": [
            "Aitäh! Kas saan puhkust ka osadeks jagada?",
            "Kas preemia oli arvestuses ikka sees?",
        ],
    },
    {
        "team": 2,
        "tags": ["lähetus", "päevaraha"],
        "priority": "normal",
        "subjects": [
            "Lähetuse päevarahad",
            "Lähetuskulud Helsingi messilt",
            "Riia lähetuse aruanne",
        ],
        "customer": [
            "Olin kolm päeva Helsingis messil. Kuidas päevarahasid arvestatakse ja kas laevapilet tuleb samasse aruandesse?",
            "Riia lähetus lühenes ühe päeva võrra, hotell tagastas osa raha. Kuidas seda aruandes näidata?",
            "Kas lähetuse ajal võetud takso lennujaamast koju on hüvitatav?",
        ],
        "replies": [
            "Välislähetuse päevaraha on meil 50 € päevas, kolme päeva eest seega 150 €. Laevapilet, hotell ja taksod lähevad samasse lähetusaruandesse kuludena. Päevaraha lisab süsteem ise.",
            "Näita aruandes hotelli kulu juba tagastatud summaga ja lisa tagastuse kinnitus. Päevarahad arvestame kahe päeva eest.",
            "Jah, takso lennujaamast koju on lähetuskulu, kui see jääb mõistlikesse piiridesse. Lisa kviitung aruandesse.",
        ],
        "notes": ["Lähetuskäsk on juhi poolt kinnitatud, kõik korras."],
        "followups": [
            "Kas laevapileti arve peab olema ettevõtte nimel?",
            "Aruanne on esitatud, palun kinnitage.",
        ],
    },
    {
        "team": 0,
        "tags": ["ostuarve", "kinnitamine"],
        "priority": "normal",
        "subjects": ["Ostuarve kinnitamine", "Arve ootab minu kinnitust?", "Tarnija arve {order}"],
        "customer": [
            "Sain meeldetuletuse, et mul on kinnitamata ostuarve {order}, aga ma ei leia seda süsteemist üles. Kust seda otsida?",
            "Tarnija ütleb, et nende arve {order} on maksmata juba kolm nädalat. Mina kinnitasin selle kohe. Kus see seisab?",
            "Mulle tuli kinnitamiseks arve, mis ei ole minu osakonna oma – pakendimaterjal laole. Kellele see suunata?",
        ],
        "replies": [
            "Arve on Meriti kinnitusringis sinu asendaja all, kuna olid eelmisel nädalal puhkusel. Suunasin selle sulle tagasi, peaksid seda nüüd nägema vaates „Minu kinnitused“.",
            "Arve on kinnitatud, kuid ootas teist kinnitust, sest summa ületab 5 000 €. Margus kinnitas selle täna ja arve läheb reedese maksega.",
            "Aitäh, et märkasid! Suunasime arve ümber lao juhile. Sinult pole rohkem midagi vaja.",
        ],
        "notes": [
            "Kinnitusringi reegel saadab üle 5 000 € arved juhatusele – tasub selgitada ka juhendis.",
            "Tarnijale on saadetud maksekuupäev.",
        ],
        "followups": [
            "Nüüd näen, aitäh!",
            "Tarnija küsib maksekorralduse koopiat, kas saate saata?",
        ],
    },
    {
        "team": 2,
        "tags": ["kviitung", "ettevõtte kaart"],
        "priority": "low",
        "subjects": [
            "Kviitung on kadunud",
            "Ettevõtte kaardi makse ilma tšekita",
            "Kaardimakse selgitus",
        ],
        "customer": [
            "Maksin ettevõtte kaardiga kütuse eest, aga tšekk on kadunud. Mida ma nüüd tegema pean?",
            "Kaardi väljavõttel on makse 23,50 € kohvikust, mida ma ei mäleta. Kas saate näha, mis see oli?",
            "Kas ettevõtte kaardiga tohib maksta tööl kasutatava telefoni ümbrise eest?",
        ],
        "replies": [
            "Täida palun kuludokumendi asendusvorm: kuupäev, summa, müüja ja kulu põhjus. Kütusekulu puhul lisa ka auto number. Vorm on siseveebis raamatupidamise lehel.",
            "Makse tehti 14. kuupäeval Tartus kohvikus Werner. Kui see ei ole sinu kulu, anna teada – siis blokeerime kaardi ja esitame pangale vaidluse.",
            "Jah, see on tööks vajalik väike tarvik. Lisa kviitung kuluaruandesse liigiga „IT-tarvikud“.",
        ],
        "notes": ["Kolmas kadunud tšekk sel kvartalil – meenutada kaardikasutuse reegleid."],
        "followups": ["Vorm on täidetud ja saadetud.", "Ahaa, see oli kliendikohtumine. Aitäh!"],
    },
    {
        "team": 0,
        "tags": ["kulukoht", "eelarve"],
        "priority": "normal",
        "subjects": ["Vale kulukoht", "Eelarve jääk", "Kulu läks teise osakonna alla"],
        "customer": [
            "Turunduse eelarve aruandes on meie all 1 200 € arve, mis tegelikult kuulub müügile. Kas saate kulukoha ära muuta?",
            "Kui palju on IT-osakonnal selle aasta koolituseelarvest veel järel?",
            "Meie osakonna oktoobri kulud tunduvad kahekordsed. Kas mõni arve on topelt kirjendatud?",
        ],
        "replies": [
            "Parandasime kulukoha: arve {order} on nüüd müügiosakonna all. Muudatus on näha homsest aruandest.",
            "IT-osakonna koolituseelarve jääk on 2 340 € (kasutatud 3 660 € 6 000-st).",
            "Vaatasime üle – üks rendiarve oli tõesti kahe kulukoha vahel dubleeritud. Parandasime kande, oktoobri kulud on nüüd õiged.",
        ],
        "notes": ["Topeltkanne tekkis impordi käigus, teavitasin Meriti tuge."],
        "followups": ["Aitäh, nüüd klapib.", "Kas novembri aruanne on ka parandatud?"],
    },
    {
        "team": 2,
        "tags": ["sõidupäevik", "isiklik auto"],
        "priority": "low",
        "subjects": [
            "Isikliku auto kasutamise hüvitis",
            "Sõidupäeviku esitamine",
            "Kilometraažihüvitis",
        ],
        "customer": [
            "Kasutan tööasjus oma autot, septembris sõitsin 640 km. Kuidas hüvitist taotleda?",
            "Kas sõidupäeviku võib esitada Exceli failina või peab kasutama kindlat vormi?",
            "Mis on praegu auto kasutamise hüvitise piirmäär kilomeetri kohta?",
        ],
        "replies": [
            "Esita sõidupäevik kuluaruande alt liigiga „Isikliku auto kasutamine“. Maksame 0,50 € kilomeetri eest, kuid mitte rohkem kui 550 € kuus.",
            "Excel sobib, kui seal on kuupäev, marsruut, sõidu eesmärk ja kilometraaž. Lisa see kuluaruandele manusena.",
            "Maksuvaba piirmäär on 0,50 € kilomeetri kohta ja kuni 550 € kuus.",
        ],
        "notes": ["Septembri sõidupäevik on esitatud, kontrollitud."],
        "followups": [
            "Saatsin sõidupäeviku, kas kõik on korras?",
            "Kas ka parkimistasud käivad selle alla?",
        ],
    },
    {
        "team": 1,
        "tags": ["maksuvaba tulu", "avaldus"],
        "priority": "normal",
        "subjects": [
            "Maksuvaba tulu avaldus",
            "Kas peaksin maksuvaba tulu kasutama?",
            "Teen kahte tööd",
        ],
        "customer": [
            "Alustasin lisaks teise tööga. Kas peaksin maksuvaba tulu avalduse tagasi võtma?",
            "Kus ma saan esitada maksuvaba tulu avalduse? Olen uus töötaja.",
            "Kas maksuvaba tulu arvestatakse ka puhkusetasult?",
        ],
        "replies": [
            "Maksuvaba tulu saab kasutada ainult ühe tööandja juures korraga. Kui soovid seda kasutada teises töökohas, esita meile avaldus maksuvaba tulu mittearvestamiseks.",
            "Avalduse saad täita siseveebi personaliportaalis, jaotises „Minu andmed“. Muudatus jõustub järgmisest palgaarvestusest.",
            "Jah, maksuvaba tulu arvestatakse kõigilt väljamaksetelt, ka puhkusetasult, kuni kuu piirmäärani.",
        ],
        "notes": ["Töötaja on andnud avalduse mõlemale tööandjale – võib tekkida juurdemakse."],
        "followups": [
            "Esitasin avalduse. Kas see jõudis teieni?",
            "Aitäh, ma arvan, et jätan selle teise töökohta.",
        ],
    },
    {
        "team": 0,
        "tags": ["müügiarve", "klient"],
        "priority": "high",
        "subjects": [
            "Kliendile on vaja krediitarvet",
            "Vale summa müügiarvel",
            "Kliendi arve on topelt",
        ],
        "customer": [
            "Klient Kaubamaja Logistika sai arve {order}, mille summa on vale – allahindlus 8% jäi peale panemata. Kas saate teha kreeditarve?",
            "Klient maksis arve kaks korda. Kuidas raha tagasi kanda?",
            "Kliendile läks arve vale aadressiga. Kas saab uuesti saata?",
        ],
        "replies": [
            "Kreeditarve on tehtud ja koos uue, õige summaga arvega kliendile saadetud. Koopia on lisatud sellele vastusele.",
            "Kanname üleliigse summa kliendile tagasi reedese maksega. Palun küsi kliendilt kinnitus pangakonto kohta.",
            "Parandasime aadressi kliendi kaardil ja saatsime arve uuesti. Edaspidi läheb kõik õigesse kohta.",
        ],
        "notes": ["Hinnakokkulepe on CRM-is, allahindlus kehtib kuni aasta lõpuni."],
        "followups": [
            "Klient kinnitas, et sai arve kätte.",
            "Klient küsib, millal raha tagasi tuleb.",
        ],
    },
    {
        "team": 1,
        "tags": ["pangakonto", "isikuandmed"],
        "priority": "normal",
        "subjects": ["Palga pangakonto muutmine", "Uus arvelduskonto", "Muutsin panka"],
        "customer": [
            "Vahetasin panka. Palun kandke palk alates järgmisest kuust uuele kontole EE47 1000 0010 2014 5685.",
            "Kas pangakonto vahetuseks pean täitma mingi vormi või piisab e-kirjast?",
            "Mu abikaasa küsis, kas palka saab jagada kahe konto vahel. Kas see on võimalik?",
        ],
        "replies": [
            "Aitäh! Turvalisuse huvides palun kinnita konto muutmine ka personaliportaalis („Minu andmed“ → „Pangakonto“). Pärast kinnitust läheb juba järgmine palk uuele kontole.",
            "E-kirjast ei piisa: palun muuda konto personaliportaalis. Nii on kindel, et muudatuse tegid sina ise.",
            "Kahe konto vahel palka jagada ei saa, aga oma pangas saad seadistada püsikorralduse, mis kannab osa summast palgapäeval edasi.",
        ],
        "notes": ["Konto muutmise taotlus on portaalis kinnitatud, kontrollisin isikukoodi."],
        "followups": ["Tegin portaalis ära.", "Selge, seadistan püsikorralduse."],
    },
    {
        "team": 0,
        "tags": ["koolitus", "arve"],
        "priority": "low",
        "subjects": ["Koolituse arve", "Kas koolituse eest makstakse ette?", "Konverentsi piletid"],
        "customer": [
            "Registreerisin end Exceli koolitusele, koolitaja saatis arve {order}. Kas selle maksab ettevõte otse või pean ise maksma ja kuluaruande tegema?",
            "Tahaksin osaleda Tallinna turunduskonverentsil, pilet maksab 390 €. Kes selle peab kinnitama?",
            "Koolitus jäi ära, aga arve on juba tasutud. Kuidas raha tagasi saada?",
        ],
        "replies": [
            "Saada arve palun aadressile arved@pohjala-kaubandus.test ja märgi juurde oma osakond. Kui juht on koolituse kinnitanud, maksame arve otse – ise midagi maksma ei pea.",
            "Koolitused ja konverentsid kinnitab osakonnajuht, üle 300 € kulud ka Margus. Kui mõlemad on kinnitanud, ostame pileti ettevõtte kaardiga.",
            "Küsi koolitajalt kreeditarve või kinnitus raha tagastamise kohta – meie jälgime, et raha laekuks ettevõtte kontole. Sinult rohkem midagi vaja ei ole.",
        ],
        "notes": ["Koolituseelarve jääk on piisav, kinnitus juhilt olemas."],
        "followups": ["Saatsin arve edasi, aitäh!", "Juht kinnitas, mida edasi teha?"],
    },
]
