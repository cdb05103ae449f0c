"""Word lists for the demo people (config.demo_people): names, birth places,
streets, and what operators write. Invented people: any likeness to a real one
is chance. Places and codes are real (Belfiore codes from codes/data, checked
again by people.services when the demo registers each person)."""

from __future__ import annotations

from dataclasses import dataclass

ITALIAN_MALE = [
    "Marco", "Luca", "Giuseppe", "Francesco", "Alessandro", "Andrea", "Matteo", "Lorenzo",
    "Davide", "Simone", "Federico", "Riccardo", "Stefano", "Paolo", "Roberto", "Antonio",
    "Salvatore", "Vincenzo", "Gennaro", "Ciro", "Pasquale", "Carmelo", "Rosario", "Domenico",
    "Giovanni", "Mario", "Fabio", "Massimo", "Claudio", "Emanuele", "Gabriele", "Tommaso",
    "Niccolò", "Mattia", "Leonardo", "Edoardo", "Filippo", "Alberto", "Enrico", "Daniele",
    "Ugo", "Elia", "Michele", "Nicola", "Raffaele", "Giacomo", "Pietro", "Samuele",
]
ITALIAN_FEMALE = [
    "Giulia", "Francesca", "Chiara", "Sara", "Martina", "Valentina", "Alessandra", "Federica",
    "Elena", "Silvia", "Laura", "Paola", "Anna", "Maria", "Rosa", "Carmela", "Concetta",
    "Assunta", "Giovanna", "Antonella", "Daniela", "Roberta", "Simona", "Ilaria", "Noemi",
    "Aurora", "Beatrice", "Camilla", "Sofia", "Giorgia", "Alice", "Marta", "Veronica",
    "Serena", "Lucia", "Teresa", "Angela", "Rita", "Ida", "Eva", "Lia", "Caterina",
    "Margherita", "Benedetta", "Irene", "Debora", "Cristina", "Manuela",
]
SURNAMES = {
    "nord": [
        "Rossi", "Bianchi", "Ferrari", "Bassi", "Zanetti", "Gualandi", "Venturi", "Neri",
        "Montanari", "Galli", "Mazzoni", "Bertocchi", "Fabbri", "Cavazza", "Grandi", "Magagnoli",
        "Tartarini", "Zucchini", "Benassi", "Rinaldi", "Marchetti", "Guidi", "Barbieri",
        "Lambertini", "Nanni", "Casadei", "Righi", "Monti", "Pellegrini", "Ghedini",
    ],
    "campania": [
        "Esposito", "Russo", "De Luca", "Romano", "Capasso", "Iovine", "Ruggiero",
        "Di Lorenzo", "Amato", "Sorrentino", "Cozzolino", "Marino", "D'Angelo", "Coppola",
        "De Rosa", "Improta", "Liguori", "Avallone", "Cimmino", "Scognamiglio", "Postiglione",
        "Della Corte", "Di Martino", "Ferraro", "Gargiulo",
    ],
    "lazio": [
        "Ciccarelli", "Proietti", "Santarelli", "Mancini", "Sabatini", "Cecchini", "Ricci",
        "Colombo", "De Santis", "Fiorentini", "Marini", "Tozzi", "Pieri", "Rocchi", "Valentini",
        "Bernardini", "Ciampi", "Angelini", "Crescenzi", "Di Giacomo", "Ottaviani", "Paris",
        "Rosati", "Silvestri", "Fratini",
    ],
    "sicilia": [
        "Lo Iacono", "La Rosa", "Messina", "Lombardo", "Caruso", "Greco", "Scalia",
        "Di Stefano", "Barbera", "Vitale", "Li Causi", "Cusumano", "Lo Presti", "Randazzo",
        "Lo Bue", "Sciortino", "Mangano", "Amato", "Palazzolo", "Cannizzaro", "Giordano",
        "Dell'Utri", "Russo", "Bonanno", "Parisi",
    ],
    "sud": [
        "Colella", "Lorusso", "Losito", "Santoro", "Pugliese", "Calabrese", "Morabito",
        "Romeo", "Nicolosi", "Mazza", "De Marco", "Leone", "Gallo", "Longo", "Grasso",
    ],
}


@dataclass(frozen=True)
class Origin:
    """A foreign state: its Belfiore code, citizenship code and typical names."""

    state: str
    belfiore: str
    citizenship: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]


ORIGINS = {
    "romania": Origin("Romania", "Z129", "235", ("Andrei", "Ionut", "Mihai", "Florin", "Gabriel"),
                      ("Elena", "Ioana", "Mihaela", "Andreea", "Cristina"),
                      ("Popescu", "Ionescu", "Stan", "Dumitru", "Munteanu", "Constantin")),
    "albania": Origin("Albania", "Z100", "201", ("Arben", "Ermal", "Gentian", "Klodian", "Besnik"),
                      ("Elira", "Blerina", "Anila", "Jonida", "Ornela"),
                      ("Hoxha", "Shehu", "Kola", "Gjoka", "Leka", "Dervishi")),
    "marocco": Origin("Marocco", "Z330", "436", ("Mohamed", "Youssef", "Hamza", "Rachid", "Said"),
                      ("Fatima", "Khadija", "Salma", "Nadia", "Samira"),
                      ("El Amrani", "Benali", "Bouzid", "El Idrissi", "Tahiri", "Chaoui")),
    "ucraina": Origin("Ucraina", "Z138", "243", ("Oleksandr", "Andriy", "Taras", "Dmytro"),
                      ("Olena", "Iryna", "Natalia", "Oksana", "Halyna"),
                      ("Kovalenko", "Shevchenko", "Bondarenko", "Melnyk", "Tkachenko")),
    "cina": Origin("Cina", "Z210", "314", ("Wei", "Jun", "Hao", "Lei", "Bo"),
                   ("Li", "Mei", "Xiaoyan", "Ying", "Fang"),
                   ("Chen", "Wang", "Zhang", "Hu", "Zhou", "Lin")),
    "pakistan": Origin("Pakistan", "Z236", "344", ("Ahmed", "Imran", "Bilal", "Usman", "Asif"),
                       ("Ayesha", "Sana", "Farah", "Nadia"),
                       ("Khan", "Ali", "Hussain", "Butt", "Iqbal")),
    "bangladesh": Origin("Bangladesh", "Z249", "305", ("Rahim", "Karim", "Sohel", "Jahid"),
                         ("Nusrat", "Taslima", "Shirin", "Ruma"),
                         ("Rahman", "Hossain", "Islam", "Miah", "Akter")),
    "nigeria": Origin("Nigeria", "Z335", "443", ("Chinedu", "Emeka", "Oluwaseun", "Tunde"),
                      ("Blessing", "Chioma", "Ngozi", "Precious"),
                      ("Okafor", "Adeyemi", "Okoro", "Eze", "Nwosu")),
    "tunisia": Origin("Tunisia", "Z352", "460", ("Karim", "Sami", "Mehdi", "Anis"),
                      ("Amira", "Ines", "Rim", "Sonia"),
                      ("Ben Ali", "Trabelsi", "Jebali", "Gharbi", "Mejri")),
    "filippine": Origin("Filippine", "Z216", "323", ("Jose", "Mark", "Ramon", "Noel"),
                        ("Maria Cristina", "Rowena", "Jocelyn", "Marites"),
                        ("Santos", "Reyes", "Dela Cruz", "Bautista", "Garcia")),
    "senegal": Origin("Senegal", "Z343", "450", ("Mamadou", "Ousmane", "Cheikh", "Moussa"),
                      ("Aminata", "Fatou", "Awa", "Mariama"),
                      ("Diop", "Ndiaye", "Fall", "Sow", "Gueye")),
    "peru": Origin("Perù", "Z611", "615", ("Luis", "Carlos", "Jorge", "Miguel"),
                   ("Rosa", "Milagros", "Carmen", "Lucia"),
                   ("Quispe", "Flores", "Huaman", "Mendoza", "Rojas")),
    "ecuador": Origin("Ecuador", "Z605", "609", ("Juan", "Diego", "Fernando"),
                      ("Gabriela", "Andrea", "Veronica"),
                      ("Vera", "Zambrano", "Cedeño", "Moreira")),
    "egitto": Origin("Egitto", "Z336", "419", ("Ahmed", "Mahmoud", "Mostafa", "Tarek"),
                     ("Mona", "Nour", "Heba"),
                     ("Hassan", "Ibrahim", "Mostafa", "Abdelrahman")),
    "india": Origin("India", "Z222", "330", ("Rahul", "Gurpreet", "Amandeep", "Sandeep"),
                    ("Priya", "Harpreet", "Sunita"),
                    ("Singh", "Kaur", "Sharma", "Kumar")),
    "sri_lanka": Origin("Sri Lanka", "Z209", "311", ("Nuwan", "Kasun", "Chaminda"),
                        ("Dilani", "Chamari", "Nadeesha"),
                        ("Perera", "Fernando", "Silva", "Jayasinghe")),
    "ghana": Origin("Ghana", "Z318", "423", ("Kwame", "Kofi", "Yaw"),
                    ("Ama", "Akosua", "Abena"),
                    ("Mensah", "Owusu", "Boateng", "Asante")),
    "gambia": Origin("Gambia", "Z317", "422", ("Lamin", "Ebrima", "Modou"),
                     ("Isatou", "Fatoumata"),
                     ("Jallow", "Ceesay", "Touray", "Sanneh")),
}

# Comuni of birth (Belfiore code, name) by area.
PLACES = {
    "bologna": [("A944", "Bologna")] * 6 + [
        ("E289", "Imola"), ("B880", "Casalecchio di Reno"), ("H945", "San Lazzaro di Savena"),
        ("F257", "Modena"), ("D548", "Ferrara"), ("H199", "Ravenna"), ("H294", "Rimini"),
        ("D704", "Forlì"), ("C573", "Cesena"), ("G337", "Parma"), ("H223", "Reggio nell'Emilia"),
        ("G535", "Piacenza")],
    "napoli": [("F839", "Napoli")] * 6 + [
        ("L259", "Torre del Greco"), ("G964", "Pozzuoli"), ("E054", "Giugliano in Campania"),
        ("B963", "Caserta"), ("H703", "Salerno"), ("A509", "Avellino"), ("A783", "Benevento")],
    "roma": [("H501", "Roma")] * 6 + [
        ("E263", "Guidonia Montecelio"), ("M297", "Fiumicino"), ("E472", "Latina"),
        ("D810", "Frosinone"), ("M082", "Viterbo"), ("H282", "Rieti")],
    "palermo": [("G273", "Palermo")] * 6 + [
        ("A546", "Bagheria"), ("C351", "Catania"), ("F158", "Messina"), ("A089", "Agrigento"),
        ("L331", "Trapani"), ("E974", "Marsala"), ("I754", "Siracusa"), ("B429", "Caltanissetta")],
    "altrove": [
        ("A662", "Bari"), ("E506", "Lecce"), ("D643", "Foggia"), ("L049", "Taranto"),
        ("H224", "Reggio di Calabria"), ("D086", "Cosenza"), ("C352", "Catanzaro"),
        ("G942", "Potenza"), ("B519", "Campobasso"), ("G482", "Pescara"), ("B354", "Cagliari"),
        ("F205", "Milano"), ("L219", "Torino"), ("D969", "Genova"), ("D612", "Firenze")],
}

STREETS = {
    "bologna": ["Via dell'Indipendenza", "Via San Donato", "Via Mazzini", "Via Saragozza",
                "Via Stalingrado", "Via Massarenti", "Via Andrea Costa", "Via del Pratello",
                "Via Libia", "Via Emilia Levante", "Via Emilia Ponente", "Via Ferrarese",
                "Via della Beverara", "Via Toscana", "Via Murri", "Via Zanardi"],
    "napoli": ["Via Toledo", "Corso Umberto I", "Via Foria", "Via dei Tribunali", "Via Duomo",
               "Corso Garibaldi", "Via Arenaccia", "Via Scarlatti", "Via Marina",
               "Corso Secondigliano", "Via Epomeo", "Via Terracina", "Corso San Giovanni a "
               "Teduccio", "Via Nuova Poggioreale"],
    "roma": ["Via Tuscolana", "Via Casilina", "Via Prenestina", "Via Nomentana", "Via Tiburtina",
             "Viale Marconi", "Via Appia Nuova", "Via Cavour", "Via Ostiense", "Via Boccea",
             "Via Portuense", "Via Cassia", "Viale Jonio", "Via dei Castani"],
    "palermo": ["Via Maqueda", "Corso Vittorio Emanuele", "Via Roma", "Via Libertà",
                "Corso Calatafimi", "Via Oreto", "Via Notarbartolo", "Viale Strasburgo",
                "Via Ernesto Basile", "Corso dei Mille", "Via Perpignano", "Via Leonardo da Vinci"],
}

MOBILE_PREFIXES = ["320", "324", "327", "328", "329", "331", "333", "334", "338", "339", "340",
                   "342", "345", "347", "348", "349", "351", "366", "370", "377", "380", "388",
                   "389", "391", "392", "393"]
MAIL_DOMAINS = ["example.com", "example.org", "example.net", "posta.example.it",
                "mail.example.it"]

BUSINESS_IDEAS = [
    "un laboratorio di pasticceria", "un salone di parrucchiera", "un food truck di cucina di "
    "strada", "un'officina di riparazione biciclette", "un'impresa di pulizie", "uno studio di "
    "grafica e comunicazione", "una sartoria su misura", "un servizio di assistenza "
    "informatica", "un bed and breakfast", "un negozio di prodotti biologici", "un laboratorio "
    "di ceramica", "una ludoteca", "un servizio di baby sitting", "un centro estetico",
    "una piccola impresa edile", "un negozio di alimentari etnici", "un servizio di "
    "traslochi", "un'attività di fotografo", "una gelateria artigianale", "un'agenzia di "
    "servizi turistici", "un orto sociale con vendita diretta", "un'attività di e-commerce "
    "di artigianato", "un servizio di consegne in bicicletta", "una lavanderia self-service",
]
PROFESSIONS = [
    "magazziniere", "addetto alle pulizie", "cuoco", "aiuto cuoco", "cameriere", "commessa",
    "operatore socio-sanitario", "badante", "autista con patente C", "elettricista",
    "idraulico", "muratore", "impiegato amministrativo", "receptionist", "addetto alla "
    "logistica", "barista", "manutentore del verde", "saldatore", "operaio metalmeccanico",
    "addetto al call center", "educatrice", "contabile", "sviluppatore web", "tecnico "
    "informatico",
]
EMPLOYERS = [
    "Logistica Emiliana S.r.l. (esempio)", "Supermercati del Centro S.p.A. (esempio)",
    "Cooperativa sociale Il Ponte (esempio)", "Ristorante La Pergola (esempio)",
    "Officine Meccaniche Riunite S.r.l. (esempio)", "Hotel Belvedere (esempio)",
    "Pulizie Professionali S.r.l. (esempio)", "Residenza per anziani Villa Serena (esempio)",
    "Edilizia Moderna S.r.l. (esempio)", "Call center Servizi Uno (esempio)",
    "Studio commerciale Bassi e associati (esempio)", "Giardini e Verde S.n.c. (esempio)",
]
JOB_SERVICES = [
    "Centro per l'impiego", "Agenzia per il lavoro (esempio)", "Ente di formazione "
    "professionale (esempio)", "Informagiovani", "Servizio di inserimento lavorativo "
    "per persone con disabilità",
]
REFERRERS = {
    "servizi_sociali": ["Servizio sociale territoriale", "Servizio sociale del quartiere",
                        "Servizi sociali del Comune"],
    "terzo_settore": ["Centro di ascolto parrocchiale", "Associazione di volontariato del "
                      "quartiere", "Cooperativa sociale di inserimento lavorativo",
                      "Sportello per le persone migranti"],
    "lavoro_comunita": ["Laboratorio di comunità del quartiere", "Casa di quartiere",
                        "Progetto di portierato sociale"],
    "giovani": ["Istituto di istruzione superiore", "Progetto giovani del Comune",
                "Servizio orientamento dell'università"],
    "suap": ["SUAP del Comune", "Sportello progetti d'impresa della Camera di commercio"],
}
