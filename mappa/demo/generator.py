"""A synthetic national-scale register, for load testing and benchmarks.

`plan_register` decides everything from a seed and a reference day: the 42 MAPPA areas, their
agencies, teams and users, and every nominal. The `*_rows` functions then turn the plan into
plain tuples in column order, one table at a time, without touching the database. `generate`
writes them in bulk: COPY on PostgreSQL, bulk_create elsewhere.

The same seed, reference day and starting ids give the same register. Nothing here describes
real people: names come from pools, phone numbers and email domains from the ranges reserved
for fiction and documentation.
"""
from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import math
import random
import sys
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from mappa.accounts.models import Agency, AgencyKind, Area, Role, Team, User
from mappa.core.markings import Handling, Marking
from mappa.demo import generator_interventions, generator_supervision
from mappa.demo import generator_parts as parts
from mappa.nominals.models import (
    Activity,
    Address,
    Alias,
    Contact,
    Identifier,
    IdentifierKind,
    NameKey,
    NameVariant,
    Nominal,
    Occupant,
    Partner,
    Relationship,
    Vehicle,
)
from mappa.nominals.names import deletion_variants, name_keys, normalise_identifier

UTC = datetime.UTC

# Identifiers the benchmark looks for (kind "national").
BENCH_SMALL = "BENCH-SMALL"
BENCH_LARGE = "BENCH-LARGE"
BENCH_SMALL_HISTORY = 5
BENCH_LARGE_HISTORY = 2000

NOMINALS_PER_PRACTITIONER = 40
NOMINALS_PER_TEAM = 400
UNALLOCATED_SHARE = 0.03
ACTIVITY_MEAN = 12.0
LONG_HISTORY_SHARE = 0.0012  # 300 of 250,000 nominals
LONG_HISTORY_RANGE = (500, 2000)
ACTIVITY_CAP = 200  # for everyone else
CHUNK = 4096  # nominals whose activity is interleaved (in time order) before writing

# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------

# (MAPPA area, police force, relative size, county, [(town, postcode area)])
AREAS = [
    ("London", "Metropolitan Police Service", 9.0, "Greater London", [
        ("Croydon", "CR"), ("Lambeth", "SW"), ("Southwark", "SE"), ("Hackney", "E"), ("Newham", "E"),
        ("Tottenham", "N"), ("Ealing", "W"), ("Brent", "NW"), ("Lewisham", "SE"), ("Islington", "N"),
        ("Barking", "IG"), ("Hounslow", "TW"), ("Romford", "RM"), ("Bromley", "BR"), ("Enfield", "EN")]),
    ("West Midlands", "West Midlands Police", 2.9, "West Midlands", [
        ("Birmingham", "B"), ("Coventry", "CV"), ("Wolverhampton", "WV"), ("Walsall", "WS"), ("Dudley", "DY"),
        ("West Bromwich", "B"), ("Solihull", "B")]),
    ("Greater Manchester", "Greater Manchester Police", 2.87, "Greater Manchester", [
        ("Manchester", "M"), ("Salford", "M"), ("Bolton", "BL"), ("Wigan", "WN"), ("Oldham", "OL"),
        ("Stockport", "SK"), ("Rochdale", "OL")]),
    ("Thames Valley", "Thames Valley Police", 2.4, "Berkshire", [
        ("Reading", "RG"), ("Oxford", "OX"), ("Milton Keynes", "MK"), ("Slough", "SL"), ("High Wycombe", "HP"),
        ("Aylesbury", "HP")]),
    ("West Yorkshire", "West Yorkshire Police", 2.3, "West Yorkshire", [
        ("Leeds", "LS"), ("Bradford", "BD"), ("Huddersfield", "HD"), ("Wakefield", "WF"), ("Halifax", "HX")]),
    ("Hampshire", "Hampshire and Isle of Wight Constabulary", 2.0, "Hampshire", [
        ("Southampton", "SO"), ("Portsmouth", "PO"), ("Basingstoke", "RG"), ("Winchester", "SO"),
        ("Newport", "PO")]),
    ("Kent", "Kent Police", 1.86, "Kent", [
        ("Maidstone", "ME"), ("Canterbury", "CT"), ("Ashford", "TN"), ("Margate", "CT"), ("Dartford", "DA"),
        ("Folkestone", "CT")]),
    ("Essex", "Essex Police", 1.85, "Essex", [
        ("Chelmsford", "CM"), ("Colchester", "CO"), ("Southend-on-Sea", "SS"), ("Basildon", "SS"), ("Harlow", "CM")]),
    ("Devon and Cornwall", "Devon and Cornwall Police", 1.8, "Devon", [
        ("Plymouth", "PL"), ("Exeter", "EX"), ("Torquay", "TQ"), ("Truro", "TR"), ("Barnstaple", "EX")]),
    ("Avon and Somerset", "Avon and Somerset Constabulary", 1.7, "Somerset", [
        ("Bristol", "BS"), ("Bath", "BA"), ("Weston-super-Mare", "BS"), ("Taunton", "TA"), ("Yeovil", "BA")]),
    ("Sussex", "Sussex Police", 1.7, "East Sussex", [
        ("Brighton", "BN"), ("Crawley", "RH"), ("Eastbourne", "BN"), ("Hastings", "TN"), ("Worthing", "BN")]),
    ("Lancashire", "Lancashire Constabulary", 1.5, "Lancashire", [
        ("Preston", "PR"), ("Blackpool", "FY"), ("Blackburn", "BB"), ("Burnley", "BB"), ("Lancaster", "LA")]),
    ("Northumbria", "Northumbria Police", 1.5, "Tyne and Wear", [
        ("Newcastle upon Tyne", "NE"), ("Sunderland", "SR"), ("Gateshead", "NE"), ("South Shields", "NE"),
        ("Ashington", "NE")]),
    ("Merseyside", "Merseyside Police", 1.43, "Merseyside", [
        ("Liverpool", "L"), ("Birkenhead", "CH"), ("St Helens", "WA"), ("Southport", "PR"), ("Bootle", "L")]),
    ("South Yorkshire", "South Yorkshire Police", 1.4, "South Yorkshire", [
        ("Sheffield", "S"), ("Doncaster", "DN"), ("Rotherham", "S"), ("Barnsley", "S")]),
    ("South Wales", "South Wales Police", 1.33, "Glamorgan", [
        ("Cardiff", "CF"), ("Swansea", "SA"), ("Bridgend", "CF"), ("Merthyr Tydfil", "CF"), ("Neath", "SA")]),
    ("West Mercia", "West Mercia Police", 1.3, "Worcestershire", [
        ("Worcester", "WR"), ("Shrewsbury", "SY"), ("Hereford", "HR"), ("Telford", "TF"), ("Kidderminster", "DY")]),
    ("Surrey", "Surrey Police", 1.2, "Surrey", [
        ("Guildford", "GU"), ("Woking", "GU"), ("Redhill", "RH"), ("Staines", "TW"), ("Epsom", "KT")]),
    ("Hertfordshire", "Hertfordshire Constabulary", 1.2, "Hertfordshire", [
        ("Watford", "WD"), ("Stevenage", "SG"), ("St Albans", "AL"), ("Hemel Hempstead", "HP"), ("Hatfield", "AL")]),
    ("Nottinghamshire", "Nottinghamshire Police", 1.16, "Nottinghamshire", [
        ("Nottingham", "NG"), ("Mansfield", "NG"), ("Worksop", "S"), ("Newark", "NG")]),
    ("Staffordshire", "Staffordshire Police", 1.13, "Staffordshire", [
        ("Stoke-on-Trent", "ST"), ("Stafford", "ST"), ("Tamworth", "B"), ("Burton upon Trent", "DE"), ("Cannock", "WS")]),
    ("Leicestershire", "Leicestershire Police", 1.1, "Leicestershire", [
        ("Leicester", "LE"), ("Loughborough", "LE"), ("Hinckley", "LE"), ("Oakham", "LE")]),
    ("Cheshire", "Cheshire Constabulary", 1.07, "Cheshire", [
        ("Chester", "CH"), ("Warrington", "WA"), ("Crewe", "CW"), ("Macclesfield", "SK"), ("Ellesmere Port", "CH")]),
    ("Derbyshire", "Derbyshire Constabulary", 1.05, "Derbyshire", [
        ("Derby", "DE"), ("Chesterfield", "S"), ("Ilkeston", "DE"), ("Buxton", "SK")]),
    ("Humberside", "Humberside Police", 0.93, "East Riding of Yorkshire", [
        ("Hull", "HU"), ("Grimsby", "DN"), ("Scunthorpe", "DN"), ("Bridlington", "YO")]),
    ("Norfolk", "Norfolk Constabulary", 0.92, "Norfolk", [
        ("Norwich", "NR"), ("Great Yarmouth", "NR"), ("King's Lynn", "PE"), ("Thetford", "IP")]),
    ("Cambridgeshire", "Cambridgeshire Constabulary", 0.86, "Cambridgeshire", [
        ("Cambridge", "CB"), ("Peterborough", "PE"), ("Huntingdon", "PE"), ("Wisbech", "PE")]),
    ("North Yorkshire", "North Yorkshire Police", 0.82, "North Yorkshire", [
        ("York", "YO"), ("Harrogate", "HG"), ("Scarborough", "YO"), ("Northallerton", "DL")]),
    ("Dorset", "Dorset Police", 0.77, "Dorset", [
        ("Bournemouth", "BH"), ("Poole", "BH"), ("Weymouth", "DT"), ("Dorchester", "DT")]),
    ("Lincolnshire", "Lincolnshire Police", 0.76, "Lincolnshire", [
        ("Lincoln", "LN"), ("Boston", "PE"), ("Grantham", "NG"), ("Skegness", "PE")]),
    ("Suffolk", "Suffolk Constabulary", 0.76, "Suffolk", [
        ("Ipswich", "IP"), ("Bury St Edmunds", "IP"), ("Lowestoft", "NR"), ("Felixstowe", "IP")]),
    ("Northamptonshire", "Northamptonshire Police", 0.76, "Northamptonshire", [
        ("Northampton", "NN"), ("Kettering", "NN"), ("Corby", "NN"), ("Wellingborough", "NN")]),
    ("Wiltshire", "Wiltshire Police", 0.72, "Wiltshire", [
        ("Swindon", "SN"), ("Salisbury", "SP"), ("Chippenham", "SN"), ("Trowbridge", "BA")]),
    ("North Wales", "North Wales Police", 0.7, "Gwynedd", [
        ("Wrexham", "LL"), ("Bangor", "LL"), ("Rhyl", "LL"), ("Llandudno", "LL")]),
    ("Bedfordshire", "Bedfordshire Police", 0.69, "Bedfordshire", [
        ("Luton", "LU"), ("Bedford", "MK"), ("Dunstable", "LU"), ("Leighton Buzzard", "LU")]),
    ("Gloucestershire", "Gloucestershire Constabulary", 0.64, "Gloucestershire", [
        ("Gloucester", "GL"), ("Cheltenham", "GL"), ("Stroud", "GL"), ("Tewkesbury", "GL")]),
    ("Durham", "Durham Constabulary", 0.63, "County Durham", [
        ("Durham", "DH"), ("Darlington", "DL"), ("Bishop Auckland", "DL"), ("Peterlee", "SR")]),
    ("Gwent", "Gwent Police", 0.6, "Gwent", [
        ("Newport", "NP"), ("Cwmbran", "NP"), ("Ebbw Vale", "NP"), ("Abergavenny", "NP")]),
    ("Warwickshire", "Warwickshire Police", 0.58, "Warwickshire", [
        ("Nuneaton", "CV"), ("Leamington Spa", "CV"), ("Rugby", "CV"), ("Stratford-upon-Avon", "CV")]),
    ("Cleveland", "Cleveland Police", 0.57, "North Yorkshire", [
        ("Middlesbrough", "TS"), ("Hartlepool", "TS"), ("Stockton-on-Tees", "TS"), ("Redcar", "TS")]),
    ("Dyfed-Powys", "Dyfed-Powys Police", 0.52, "Carmarthenshire", [
        ("Carmarthen", "SA"), ("Llanelli", "SA"), ("Aberystwyth", "SY"), ("Haverfordwest", "SA"), ("Newtown", "SY")]),
    ("Cumbria", "Cumbria Constabulary", 0.5, "Cumbria", [
        ("Carlisle", "CA"), ("Barrow-in-Furness", "LA"), ("Kendal", "LA"), ("Workington", "CA")]),
]

# Who holds MAPPA nominals: probation most, police (registered sex offenders), prisons (custody).
RESPONSIBLE_SHARES = [(AgencyKind.PROBATION, 0.55), (AgencyKind.POLICE, 0.33), (AgencyKind.PRISON, 0.12)]
# Duty-to-co-operate agencies in every area: (kind, name pattern, code suffix, job title)
DTC_AGENCIES = [
    (AgencyKind.CHILDRENS_SERVICES, "{area} Children's Services", "childrens", "Social worker"),
    (AgencyKind.HOUSING, "{area} Housing Service", "housing", "Housing officer"),
    (AgencyKind.HEALTH, "{area} Mental Health Trust", "health", "Community psychiatric nurse"),
    (AgencyKind.YOUTH_OFFENDING, "{area} Youth Justice Service", "youth", "Youth justice officer"),
]
DTC_USERS = 3  # per agency: two practitioners and one read-only
COORDINATORS_PER_AREA = 2

JOB_TITLES = {
    (AgencyKind.PROBATION, Role.PRACTITIONER): ["Probation officer", "Probation services officer"],
    (AgencyKind.PROBATION, Role.SUPERVISOR): ["Senior probation officer"],
    (AgencyKind.POLICE, Role.PRACTITIONER): ["Police constable, MOSOVO", "Detective constable, public protection"],
    (AgencyKind.POLICE, Role.SUPERVISOR): ["Detective sergeant, public protection"],
    (AgencyKind.PRISON, Role.PRACTITIONER): ["Prison offender manager"],
    (AgencyKind.PRISON, Role.SUPERVISOR): ["Head of offender management delivery"],
}

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

SOUTH_ASIAN = {
    "male": ["Mohammed", "Muhammad", "Mohammad", "Ali", "Ahmed", "Imran", "Asif", "Tariq", "Bilal", "Hassan", "Usman",
             "Zain", "Amir", "Arjun", "Rajesh", "Sanjay", "Vikram", "Harpreet", "Gurpreet", "Jaspreet", "Kamal", "Rahul",
             "Ravi", "Sandeep", "Sunil", "Abdul", "Omar", "Yusuf", "Ibrahim", "Adnan", "Faisal", "Shahid", "Nadeem",
             "Kashif", "Zubair", "Aamir", "Irfan", "Sajid", "Waseem", "Naveed"],
    "female": ["Aisha", "Fatima", "Amina", "Nadia", "Sana", "Priya", "Anjali", "Sunita", "Harjit", "Parveen", "Shazia",
               "Sadia", "Farah", "Ayesha", "Zainab", "Rubina", "Nasreen", "Shabana"],
    "last": ["Khan", "Ali", "Ahmed", "Ahmad", "Hussain", "Hussein", "Patel", "Begum", "Singh", "Shah", "Iqbal",
             "Mahmood", "Akhtar", "Rahman", "Islam", "Malik", "Sharma", "Kaur", "Chaudhry", "Choudhury", "Butt",
             "Aslam", "Bibi", "Mirza", "Qureshi", "Sheikh", "Gill", "Sandhu", "Dhillon", "Sidhu", "Kumar", "Mistry",
             "Miah", "Uddin", "Hassan", "Rashid", "Javed", "Anwar", "Nawaz", "Hanif", "Mohammed", "Sadiq", "Bashir"],
}
BLACK_BRITISH = {
    "male": ["Kwame", "Kofi", "Chinedu", "Emeka", "Tunde", "Olu", "Femi", "Delroy", "Winston", "Leroy", "Marcus",
             "Jermaine", "Tyrone", "Andre", "Dwayne", "Kareem", "Jamal", "Tobi", "Samuel", "Daniel", "Abdi", "Mohamed",
             "Ayodele", "Kelvin", "Curtis", "Nathaniel", "Isaac", "Joel"],
    "female": ["Chioma", "Ngozi", "Abena", "Amara", "Shanice", "Tanisha", "Keisha", "Grace", "Blessing", "Precious",
               "Naomi", "Esther", "Hodan"],
    "last": ["Okafor", "Okoye", "Adeyemi", "Mensah", "Boateng", "Asante", "Owusu", "Campbell", "Francis", "Grant",
             "Thompson", "Williams", "Johnson", "Brown", "Clarke", "Henry", "Adebayo", "Ogunleye", "Nwosu", "Mohamed",
             "Abdi", "Hassan", "Osei", "Appiah", "Richards", "Morgan", "Lewis", "Bailey", "Gordon", "Reid"],
}
EAST_EUROPEAN = {
    "male": ["Piotr", "Pawel", "Tomasz", "Marek", "Krzysztof", "Andrzej", "Jan", "Lukasz", "Marcin", "Adrian", "Mihai",
             "Ionut", "Andrei", "Florin", "Darius", "Jonas", "Mantas", "Tomas", "Vasile", "Nikolai", "Bogdan"],
    "female": ["Agnieszka", "Katarzyna", "Anna", "Magdalena", "Joanna", "Ioana", "Elena", "Andreea", "Ruta", "Daiva"],
    "last": ["Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kowalczyk", "Kaminski", "Lewandowski", "Zielinski",
             "Szymanski", "Wozniak", "Popescu", "Ionescu", "Popa", "Stan", "Dumitru", "Kazlauskas", "Jankauskas",
             "Petrauskas", "Horvath", "Novak", "Kowalsky", "Mazur", "Krawczyk"],
}
BRITISH_EXTRA_FIRST = {"male": ["Jonah", "Jon", "Mohammed", "Shaun", "Craig", "Dean", "Wayne", "Carl", "Lewis", "Callum",
                                "Connor", "Kieran", "Jamie", "Elliot", "Reece", "Aaron", "Geoffrey", "Terence"],
                       "female": ["Catherine", "Kathryn", "Katherine", "Stacey", "Kerry", "Hayley", "Zoe", "Kimberley",
                                  "Leanne", "Kelly", "Danielle", "Jade"]}

# Groups of spellings of one name, as records from different agencies tend to have them.
SURNAME_SPELLINGS = [
    ("Smith", "Smyth", "Smythe"), ("Davies", "Davis"), ("Thompson", "Thomson"), ("Phillips", "Philips"),
    ("Matthews", "Mathews"), ("Reid", "Reed", "Read"), ("Gray", "Grey"), ("Clarke", "Clark"), ("Brown", "Browne"),
    ("Stephens", "Stevens"), ("Stephenson", "Stevenson"), ("McDonald", "Macdonald", "MacDonald"),
    ("McKenzie", "Mackenzie"), ("Anderson", "Andersen"), ("Neil", "Neill", "Neal"), ("Lloyd", "Loyd"),
    ("O'Brien", "OBrien", "O'Brian"), ("Hussain", "Hussein", "Husain"), ("Ahmed", "Ahmad"), ("Mohamed", "Mohammed"),
    ("Walsh", "Welsh"), ("Harris", "Harries"), ("Jenkins", "Jenkyns"), ("Allen", "Allan"), ("Price", "Pryce"),
    ("Powell", "Powel"), ("Griffiths", "Griffith"), ("Rees", "Reece", "Reese"), ("Bailey", "Bayley", "Baily"),
    ("Cook", "Cooke"), ("Foster", "Forster"), ("Nicholson", "Nicolson"), ("Mitchell", "Mitchel"),
    ("Kelly", "Kelley"), ("Moore", "More", "Moor"), ("Patel", "Patell"), ("Singh", "Sing"), ("Begum", "Begam"),
    ("Chaudhry", "Choudhury", "Chowdhury"), ("Mahmood", "Mahmud"), ("Rahman", "Rehman"), ("Wood", "Woods"),
    ("Holmes", "Holms"), ("Edwards", "Edwardes"), ("Owen", "Owens"), ("Johnson", "Jonson"), ("Wilson", "Willson"),
    ("Shepherd", "Shepard", "Sheppard"), ("Barrett", "Barratt", "Barret"), ("Bennett", "Bennet"),
    ("Marshall", "Marshal"), ("Russell", "Russel"), ("Nowak", "Novak"), ("Kowalski", "Kowalsky"),
    ("Hughes", "Hughs"), ("Evans", "Evens"), ("Robinson", "Robison"), ("Jackson", "Jakson"), ("Turner", "Turnor"),
    ("Lewis", "Louis"), ("Gibson", "Gibbson"), ("Fletcher", "Flecher"), ("Simpson", "Simson"),
]
FIRST_SPELLINGS = [
    ("Mohammed", "Muhammad", "Mohammad", "Mohamed", "Muhammed"), ("Catherine", "Kathryn", "Katherine", "Cathryn"),
    ("Stephen", "Steven"), ("Philip", "Phillip"), ("Geoffrey", "Jeffrey", "Jeffery"), ("Michael", "Micheal"),
    ("Sean", "Shaun", "Shawn"), ("Aaron", "Aron"), ("Lee", "Leigh"), ("Carl", "Karl"), ("Graham", "Grahame"),
    ("Neil", "Neal"), ("Alan", "Allan", "Allen"), ("Brian", "Bryan"), ("Matthew", "Mathew"), ("Nicola", "Nichola"),
    ("Claire", "Clare"), ("Sarah", "Sara"), ("Rebecca", "Rebekah"), ("Tracey", "Tracy"), ("Stacey", "Stacy"),
    ("Kerry", "Kerrie"), ("Mark", "Marc"), ("Lewis", "Louis"), ("Jonathan", "Jonathon"), ("Connor", "Conor"),
    ("Callum", "Calum"), ("Ann", "Anne"), ("Elliot", "Elliott"), ("Hayley", "Haley", "Hailey"), ("Ashley", "Ashleigh"),
    ("Daniel", "Danial"), ("Isaac", "Issac"), ("Dean", "Deane"), ("Craig", "Kraig"), ("Ryan", "Rian"),
    ("Jonah", "Jona"), ("Yusuf", "Yusef", "Yousef"), ("Mihai", "Mihail"), ("Zoe", "Zoey"), ("Jamie", "Jaime"),
    ("Reece", "Rhys"), ("Kelly", "Kelley"), ("Leanne", "Lianne"),
]
NICKNAMES = {
    "Jonah": ["Jon"], "William": ["Bill", "Will", "Billy"], "Robert": ["Bob", "Rob", "Bobby"],
    "Richard": ["Rick", "Rich"], "Thomas": ["Tom", "Tommy"], "James": ["Jim", "Jimmy", "Jamie"],
    "Michael": ["Mike", "Mick"], "Anthony": ["Tony", "Ant"], "Daniel": ["Dan", "Danny"], "David": ["Dave", "Davey"],
    "Christopher": ["Chris"], "Jonathan": ["Jon", "Jonny"], "Joseph": ["Joe", "Joey"], "Stephen": ["Steve"],
    "Steven": ["Steve"], "Andrew": ["Andy", "Drew"], "Edward": ["Ed", "Eddie", "Ted"], "Peter": ["Pete"],
    "Alexander": ["Alex"], "Samuel": ["Sam", "Sammy"], "Matthew": ["Matt"], "Benjamin": ["Ben"],
    "Nicholas": ["Nick", "Nicky"], "Kenneth": ["Ken", "Kenny"], "Terence": ["Terry"], "Gary": ["Gaz"],
    "Gareth": ["Gaz"], "Barry": ["Baz"], "Darren": ["Daz"], "Margaret": ["Maggie"], "Elizabeth": ["Liz", "Beth"],
    "Catherine": ["Kate", "Cath"], "Rebecca": ["Becky"], "Jennifer": ["Jen", "Jenny"], "Patricia": ["Pat", "Trish"],
    "Victoria": ["Vicky"], "Samantha": ["Sam"], "Deborah": ["Debbie"], "Susan": ["Sue"], "Kimberley": ["Kim"],
    "Charlotte": ["Charlie"], "Timothy": ["Tim"], "Philip": ["Phil"], "Raymond": ["Ray"], "Ronald": ["Ron", "Ronnie"],
    "Leonard": ["Len"], "Jacob": ["Jake"], "Joshua": ["Josh"], "Nathan": ["Nate"], "Mohammed": ["Mo"],
    "Muhammad": ["Mo"], "Krzysztof": ["Krzys"], "Lukasz": ["Luke"], "Piotr": ["Peter"],
}

GROUPS = [  # (name, share, ethnicities, languages)
    ("british", 0.80,
     [("White British", 86), ("White Irish", 3), ("Mixed White and Black Caribbean", 3), ("White other", 2),
      ("Gypsy or Irish Traveller", 1), ("Not stated", 5)],
     [("English", 99), ("Welsh", 1)]),
    ("south_asian", 0.09,
     [("Asian British: Pakistani", 45), ("Asian British: Indian", 30), ("Asian British: Bangladeshi", 15),
      ("Asian other", 5), ("Not stated", 5)],
     [("English", 90), ("Urdu", 4), ("Punjabi", 4), ("Bengali", 2)]),
    ("black", 0.05,
     [("Black British: Caribbean", 40), ("Black British: African", 45), ("Black other", 5),
      ("Mixed White and Black African", 5), ("Not stated", 5)],
     [("English", 94), ("Somali", 4), ("French", 2)]),
    ("east_european", 0.06,
     [("White other: Polish", 45), ("White other: Romanian", 30), ("White other: Lithuanian", 15), ("White other", 10)],
     [("Polish", 40), ("Romanian", 25), ("Lithuanian", 10), ("English", 25)]),
]

DIVERSITY_NEEDS = [
    "Dyslexia: read letters through with him", "Uses a wheelchair: ground-floor rooms only",
    "Learning disability: keep appointments short and confirm by phone", "Epilepsy",
    "Hearing impaired: needs a BSL interpreter", "Autism diagnosis: prefers written appointment reminders",
    "Poor literacy", "Muslim: avoid appointments at Friday prayers", "Visually impaired: large print",
    "Diabetic: needs breaks for food", "Anxiety: prefers appointments early in the day",
]

STREET_WORDS = [
    "Church", "Station", "Victoria", "Park", "Mill", "High", "Queen", "King", "Albert", "Manor", "Oak", "Elm", "Ash",
    "Beech", "Willow", "Cedar", "Chestnut", "Meadow", "Orchard", "Springfield", "Grange", "Windsor", "York",
    "Nelson", "Wellington", "Stanley", "Clarence", "Grove", "Bridge", "Market", "School", "Chapel", "Hill",
    "Green", "North", "South", "West", "East", "New", "Highfield", "Richmond", "Kingsway", "Mount", "Alexandra",
    "Belmont", "Cromwell", "Denmark", "Fairfield", "Gladstone", "Hawthorn", "Holly", "Ivy", "Jubilee", "Laburnum",
    "Lime", "Maple", "Moorland", "Newton", "Osborne", "Pleasant", "Princes", "Rose", "Sandy", "Shakespeare",
    "Sycamore", "Tennyson", "Trafalgar", "Union", "Vicarage", "Waterloo", "Wharf", "Woodland", "Brook", "Castle",
    "Coronation", "Dale", "Farm", "Forest", "Garden", "Lark", "Linden", "Marsh", "Priory", "Raven", "Russell",
]
STREET_SUFFIXES = ["Road", "Street", "Lane", "Avenue", "Close", "Drive", "Crescent", "Way", "Gardens", "Grove",
                   "Terrace", "Place", "Court", "Walk", "Rise", "Mews", "View", "Row", "Square", "Parade"]
FLAT_PREFIXES = ["Flat {n}", "Flat {n}", "{n}A", "Room {n}"]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

VEHICLES = [("Ford", "Fiesta"), ("Ford", "Focus"), ("Ford", "Transit"), ("Vauxhall", "Corsa"), ("Vauxhall", "Astra"),
            ("Volkswagen", "Golf"), ("Volkswagen", "Polo"), ("BMW", "3 Series"), ("BMW", "1 Series"), ("Audi", "A3"),
            ("Toyota", "Yaris"), ("Toyota", "Corolla"), ("Nissan", "Qashqai"), ("Nissan", "Micra"),
            ("Peugeot", "208"), ("Renault", "Clio"), ("Mercedes-Benz", "Sprinter"), ("Mercedes-Benz", "C-Class"),
            ("Kia", "Sportage"), ("Honda", "Civic"), ("Skoda", "Octavia"), ("Land Rover", "Discovery"),
            ("Citroen", "Berlingo"), ("Fiat", "500"), ("Seat", "Leon"), ("Hyundai", "i30"), ("Mini", "Cooper")]
COLOURS = ["Black", "White", "Silver", "Grey", "Blue", "Red", "Green", "Dark blue", "Yellow", "Orange", "Bronze"]
REG_MEMORY = "ABCDEFGHKLMNOPRSVWXY"
REG_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"

PHONE_RANGES = [("07700 900", 3), ("01632 960", 3), ("0113 496 0", 3), ("0161 496 0", 3), ("020 7946 0", 3),
                ("0121 496 0", 3), ("0117 496 0", 3)]
EMAIL_DOMAINS = ["example.com", "example.net", "example.org"]
PLATFORMS = ["Facebook", "Instagram", "Snapchat", "TikTok", "X", "WhatsApp", "Telegram", "Discord", "Kik", "Grindr"]

RELATIONSHIP_KINDS = [  # (kind, weight, descriptions)
    (Relationship.Kind.FAMILY, 30, ["brother", "sister", "mother", "father", "son", "daughter", "cousin", "uncle",
                                    "stepfather", "half-brother", "grandmother"]),
    (Relationship.Kind.PARTNER, 20, ["current partner", "ex-partner", "wife", "girlfriend", "boyfriend",
                                     "former wife", "on-off partner"]),
    (Relationship.Kind.ASSOCIATE, 28, ["known associate", "friend", "neighbour", "shares a flat",
                                       "met in custody", "drinking associate", "online contact"]),
    (Relationship.Kind.CO_OFFENDER, 12, ["co-defendant in index offence", "co-accused, acquitted",
                                         "co-offender (burglary)", "co-offender (supply)"]),
    (Relationship.Kind.VICTIM, 5, ["victim of index offence", "previous victim", "victim: domestic abuse",
                                   "victim: harassment"]),
    (Relationship.Kind.EMPLOYER, 5, ["employer", "agency work", "casual cash-in-hand work"]),
]
COMPANIES = ["Northgate Logistics", "Brightwater Cleaning", "Parkside Building Services", "Crown Car Wash",
             "Meridian Security", "Hillcrest Care Homes", "Riverside Scaffolding", "Kingsway Takeaway",
             "Greenleaf Landscaping", "Atlas Removals", "Harbour Fish Bar", "Summit Roofing", "Quayside Warehousing",
             "Oakwood Joinery", "Station Garage", "Phoenix Recruitment", "Beacon Couriers", "Unity Cafe"]

PARTNER_REASONS = {
    AgencyKind.POLICE: ["MOSOVO officer: home visits and ViSOR", "Police lead for the MAPPA level 2 plan",
                        "Neighbourhood officer: local intelligence"],
    AgencyKind.PROBATION: ["Offender manager for the licence", "Probation lead before release"],
    AgencyKind.PRISON: ["Prison offender manager before release", "Custody lead: sentence planning"],
    AgencyKind.CHILDRENS_SERVICES: ["Child in the household: social worker", "Child protection plan in place"],
    AgencyKind.HOUSING: ["Housing officer for the tenancy", "Approved premises move-on"],
    AgencyKind.HEALTH: ["Care coordinator (mental health)", "Community forensic team"],
    AgencyKind.YOUTH_OFFENDING: ["Transition from youth justice", "Youth justice worker for a sibling"],
}
ALIAS_NOTES = {
    Alias.Kind.SPELLING: ["Spelling used on the court record", "Spelling used by the prison", "As on PNC",
                          "Spelling on benefits records", ""],
    Alias.Kind.NICKNAME: ["Known locally by this name", "Uses this name online", "What associates call him", ""],
    Alias.Kind.PREVIOUS: ["Name before marriage", "Changed by deed poll", "Previous married name"],
    Alias.Kind.BIRTH: ["Name at birth", "Birth name, before adoption"],
    Alias.Kind.ALIAS: ["Gave this name when arrested", "Used to rent a flat", "Used on a dating site",
                       "Gave this name to a hotel"],
}

# Activity phrases: a few templates times a few fillers, expanded once.
_OUTCOMES = ["seen, no concerns", "no reply, calling card left", "seen with partner present", "seen alone",
             "address appears vacant", "engaged well", "hostile at the door", "new occupant noted",
             "seen; curtains drawn, refused entry to bedroom", "device check completed"]
_TOPICS = ["new relationship disclosed", "change of employment", "concerns from a neighbour",
           "child seen at the address", "missed GP appointments", "rent arrears", "new vehicle seen",
           "contact with a previous victim reported", "drinking again", "attending treatment",
           "social media account found", "travel abroad requested"]
_SOURCES = ["children's services", "housing", "the GP", "the mental health team", "a neighbour",
            "the approved premises", "the prison", "the electronic monitoring provider", "the victim liaison officer",
            "a school", "the local authority"]
ACTIVITY_KINDS = [  # (kind, weight, handling, templates)
    (Activity.Kind.CONTACT, 22, "", ["Telephone contact: {o}", "Phoned: {t}", "Text reminder of appointment sent",
                                     "Letter sent about {t}", "Phoned {s} about {t}"]),
    (Activity.Kind.HOME_VISIT, 14, "", ["Home visit: {o}", "Unannounced home visit: {o}",
                                        "Joint home visit with police: {o}"]),
    (Activity.Kind.OFFICE_VISIT, 20, "", ["Supervision appointment: {o}", "Failed to attend appointment",
                                          "Attended office; discussed {t}", "Reported as required: {o}"]),
    (Activity.Kind.INFORMATION, 12, "", ["Information from {s}: {t}", "Email from {s} about {t}",
                                         "Referral received from {s}"]),
    (Activity.Kind.INTELLIGENCE, 3, Handling.INTELLIGENCE, ["Intelligence: {t}", "Intelligence log: {t}",
                                                            "Intelligence from a covert source: {t}"]),
    (Activity.Kind.MEETING, 6, "", ["MAPPA level 2 meeting: plan reviewed", "Professionals meeting with {s}",
                                    "MAPPA level 3 meeting: {t}", "Strategy discussion with {s}"]),
    (Activity.Kind.NOTE, 20, "", ["Case note: {t}", "Risk assessment reviewed", "Sentence plan updated: {t}",
                                  "Licence conditions explained", "Case note: {o}"]),
    (Activity.Kind.CHANGE, 3, "", ["Address updated", "Risk level reviewed, no change", "Photo updated",
                                   "Contact details updated"]),
]
VICTIM_ACTIVITY = ["Victim liaison: victim asked for an exclusion zone", "Victim liaison: victim moved address",
                   "Victim liaison: update given to victim", "Victim contact scheme: representations received"]
DETAILS = [
    "Discussed the licence conditions again and checked he understands the exclusion zone. No concerns raised.",
    "He was calm and engaged. Says he is looking for work and has applied to two warehouses. Will follow up.",
    "Partner answered the door and said he was out. Told her we would return. Card left with the office number.",
    "Reviewed the risk management plan with the MAPPA co-ordinator. Actions agreed and recorded on the plan.",
    "He became agitated when asked about his new relationship. Reminded him of the duty to disclose.",
    "Checked the phone and laptop with his consent. Nothing of concern found. Next check in four weeks.",
    "Spoke to the housing officer: the tenancy is at risk because of arrears. Referral to the money advice service.",
    "Information shared under the MAPPA guidance. Recipient reminded of the handling conditions.",
    "He disclosed drinking heavily at weekends. Referred to the alcohol service and discussed triggers.",
    "Attended on time. Completed session 4 of the programme. Tutor reports good participation.",
    "Did not attend. Phoned twice without reply. Warning letter to be sent if no contact by Friday.",
    "The school reports the child is doing well. No contact with him observed. Plan unchanged.",
    "Police visit completed with the MOSOVO officer. Home address verified, no other occupants found.",
    "Approved premises staff report he has kept to the curfew. Move-on accommodation still being sought.",
    "He asked to travel to see family. Explained the process and what information is needed in advance.",
    "Victim liaison officer updated: no contact from him reported. Exclusion zone still needed.",
    "Mental health team confirm he is engaging with the psychiatrist. Medication reviewed last month.",
    "New vehicle seen outside the address. Registration checked and added to the record.",
]


# ---------------------------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------------------------

@dataclass
class Org:
    """Areas, agencies, teams and users as row dicts (ids decided here); `new` marks rows to insert."""

    areas: list[dict] = field(default_factory=list)
    agencies: list[dict] = field(default_factory=list)
    teams: list[dict] = field(default_factory=list)
    users: list[dict] = field(default_factory=list)


@dataclass
class Plan:
    seed: int
    today: datetime.date
    now: datetime.datetime
    bases: dict  # table -> largest existing id
    org: Org
    # One entry per nominal, by index (id = bases["nominal"] + 1 + index):
    ids: list = field(default_factory=list)
    first: list = field(default_factory=list)
    middle: list = field(default_factory=list)
    last: list = field(default_factory=list)
    dob: list = field(default_factory=list)
    gender: list = field(default_factory=list)
    group: list = field(default_factory=list)
    ethnicity: list = field(default_factory=list)
    language: list = field(default_factory=list)
    interpreter: list = field(default_factory=list)
    needs: list = field(default_factory=list)
    team: list = field(default_factory=list)  # team index into org.teams
    manager: list = field(default_factory=list)  # user id or None
    owner: list = field(default_factory=list)  # who records things: manager, or the team's supervisor
    created: list = field(default_factory=list)  # epoch seconds
    activity_count: list = field(default_factory=list)
    aliases: list = field(default_factory=list)  # (alias id, nominal index, kind, first, last, from, to, notes)
    area_members: dict = field(default_factory=dict)  # area index -> [nominal indexes]
    bench_small: int = 0  # nominal indexes
    bench_large: int = 1
    add_bench_markers: bool = True

    @property
    def count(self) -> int:
        return len(self.ids)


def _rng(seed, stage: str) -> random.Random:
    return random.Random(f"mappa-generator:{seed}:{stage}")


def _split(total: int, weights: list[float]) -> list[int]:
    """Whole numbers in proportion to weights that add up to total (largest remainder)."""
    s = sum(weights)
    exact = [total * w / s for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


class _Weighted:
    """Fast weighted choice from a fixed population."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.weights = list(weights)
        self.cum = list(itertools.accumulate(self.weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


@functools.lru_cache(maxsize=4)
def _name_pools(seed) -> dict:
    """First and last names per group with popularity weights, built once from Faker's lists."""
    from faker import Faker

    rng = _rng(seed, "name-pools")
    gb = Faker("en_GB")
    ie = Faker("en_IE")
    people_gb = next(p for p in gb.providers if type(p).__module__.startswith("faker.providers.person"))
    people_ie = next(p for p in ie.providers if type(p).__module__.startswith("faker.providers.person"))

    def ranked(names, extra=()):
        seen = list(dict.fromkeys([*names, *extra]))
        return _Weighted(seen, [1.0 / (rank + 12) for rank in range(len(seen))])

    surnames = dict(people_gb.last_names)  # name -> frequency (per cent)
    for group in SURNAME_SPELLINGS:  # keep the rarer spellings in the pool, rarely
        for name in group:
            surnames.setdefault(name, 0.004)
    irish = [n for n in people_ie.last_names if n not in surnames and " " not in n]
    rng.shuffle(irish)
    for name in irish:
        surnames[name] = 0.012
    pools = {
        "british": {
            "male": ranked(people_gb.first_names_male, BRITISH_EXTRA_FIRST["male"]),
            "female": ranked(people_gb.first_names_female, BRITISH_EXTRA_FIRST["female"]),
            "last": _Weighted(surnames.keys(), surnames.values()),
        },
    }
    for name, src in (("south_asian", SOUTH_ASIAN), ("black", BLACK_BRITISH), ("east_european", EAST_EUROPEAN)):
        pools[name] = {"male": ranked(src["male"]), "female": ranked(src["female"]), "last": ranked(src["last"])}
    return pools


def _variants(groups) -> dict:
    out = {}
    for group in groups:
        for name in group:
            out[name] = [other for other in group if other != name]
    return out


FIRST_VARIANTS = _variants(FIRST_SPELLINGS)
LAST_VARIANTS = _variants(SURNAME_SPELLINGS)


def existing_bases() -> dict:
    """The largest id in each table the generator writes, so new rows can follow on."""
    models = {"area": Area, "agency": Agency, "team": Team, "user": User, "nominal": Nominal, "alias": Alias,
              "namekey": NameKey, "namevariant": NameVariant, "identifier": Identifier, "address": Address, "occupant": Occupant,
              "vehicle": Vehicle, "contact": Contact, "relationship": Relationship, "partner": Partner,
              "activity": Activity}
    return {name: model.objects.aggregate(m=Max("pk"))["m"] or 0 for name, model in models.items()}


def plan_org(n: int, seed, bases: dict, existing: dict | None = None) -> tuple[Org, list[list[tuple[int, int]]]]:
    """Areas, agencies, teams and users for n nominals; and, per team, how many nominals it holds.

    `existing` maps ("area", name) / ("agency", code) / ("team", agency code, name) to ids already in the
    database, so a second run reuses the same structure instead of clashing with it.
    """
    existing = existing or {}
    rng = _rng(seed, "org")
    pools = _name_pools(seed)
    org = Org()
    next_id = {k: bases[k] for k in ("area", "agency", "team", "user")}

    def new_id(table, key):
        if key in existing:
            return existing[key], False
        next_id[table] += 1
        return next_id[table], True

    def add_user(role, agency, team, title):
        group = "british" if rng.random() < 0.85 else rng.choice(["south_asian", "black", "east_european"])
        sex = "female" if rng.random() < 0.55 else "male"
        next_id["user"] += 1
        uid = next_id["user"]
        first, last = pools[group][sex].pick(rng), pools[group]["last"].pick(rng)
        org.users.append({
            "id": uid, "username": f"gen-{uid}", "first_name": first, "last_name": last,
            "email": f"gen-{uid}@example.org", "role": role, "agency_id": agency["id"], "team_id": team["id"],
            "job_title": title, "agency_kind": agency["kind"], "area": team["area"], "team": team["index"],
        })
        return uid

    area_counts = _split(n, [a[2] for a in AREAS])
    team_loads = []  # per team index: number of nominals
    for ai, ((name, force, _w, county, towns), n_area) in enumerate(zip(AREAS, area_counts)):
        code = _slug(name)
        area_id, is_new = new_id("area", ("area", name))
        org.areas.append({"id": area_id, "code": code, "name": name, "county": county, "towns": towns, "new": is_new})

        # Called only within this iteration of the loop, so the area they read is this one.
        def add_agency(kind, agency_name, agency_code):
            aid, fresh = new_id("agency", ("agency", agency_code))
            agency = {"id": aid, "code": agency_code, "name": agency_name, "kind": kind, "area": ai, "new": fresh}  # noqa: B023
            org.agencies.append(agency)
            return agency

        def add_team(agency, team_name, town):
            tid, fresh = new_id("team", ("team", agency["code"], team_name))
            team = {"id": tid, "agency_id": agency["id"], "area_id": area_id, "name": team_name, "new": fresh,  # noqa: B023
                    "kind": agency["kind"], "area": ai, "index": len(org.teams), "town": town,  # noqa: B023
                    "practitioners": [], "supervisor": None}
            org.teams.append(team)
            team_loads.append(0)
            return team

        agencies = {
            AgencyKind.PROBATION: add_agency(AgencyKind.PROBATION, f"Probation Service, {name}", f"{code}-probation"),
            AgencyKind.POLICE: add_agency(AgencyKind.POLICE, force, f"{code}-police"),
            AgencyKind.PRISON: add_agency(AgencyKind.PRISON, f"Prisons in {name}", f"{code}-prisons"),
        }
        unit = {AgencyKind.PROBATION: "probation office", AgencyKind.POLICE: "public protection unit",
                AgencyKind.PRISON: "offender management unit"}
        split = _split(n_area, [share for _k, share in RESPONSIBLE_SHARES])
        for (kind, _share), n_agency in zip(RESPONSIBLE_SHARES, split):
            agency = agencies[kind]
            n_teams = max(1, round(n_agency / NOMINALS_PER_TEAM))
            for t, n_team in enumerate(_split(n_agency, [1] * n_teams)):
                town = t % len(towns)
                town_name = towns[town][0]
                base = f"HMP {town_name} {unit[kind]}" if kind == AgencyKind.PRISON else f"{town_name} {unit[kind]}"
                round_ = t // len(towns)
                team = add_team(agency, base + (f" {chr(ord('A') + round_)}" if n_teams > len(towns) else ""), town)
                team_loads[-1] = n_team
                practitioners = max(1, round(n_team / NOMINALS_PER_PRACTITIONER))
                titles = JOB_TITLES[(kind, Role.PRACTITIONER)]
                team["practitioners"] = [
                    add_user(Role.PRACTITIONER, agency, team, rng.choice(titles)) for _ in range(practitioners)
                ]
                team["supervisor"] = add_user(Role.SUPERVISOR, agency, team, JOB_TITLES[(kind, Role.SUPERVISOR)][0])
        coordination = add_team(agencies[AgencyKind.PROBATION], "MAPPA co-ordination unit", 0)
        for _ in range(COORDINATORS_PER_AREA):
            add_user(Role.COORDINATOR, agencies[AgencyKind.PROBATION], coordination, "MAPPA co-ordinator")
        for kind, pattern, suffix, title in DTC_AGENCIES:
            agency = add_agency(kind, pattern.format(area=name), f"{code}-{suffix}")
            team = add_team(agency, "MAPPA liaison", 0)
            for u in range(DTC_USERS):
                role = Role.PARTNER_READONLY if u == DTC_USERS - 1 else Role.PRACTITIONER
                add_user(role, agency, team, title)
    return org, team_loads


def plan_register(n: int, seed=1, today: datetime.date | None = None, bases: dict | None = None,
                  existing: dict | None = None) -> Plan:
    """Decide the whole register for n nominals. Pure: no database access."""
    if n < 2:
        raise ValueError("Generate at least 2 nominals")
    today = today or datetime.date.today()
    bases = bases or {}
    bases = {k: bases.get(k, 0) for k in ("area", "agency", "team", "user", "nominal", "alias", "namekey",
                                          "namevariant", "identifier", "address", "occupant", "vehicle", "contact",
                                          "relationship", "partner", "activity")}
    if bases["nominal"] + n >= 10_000_000:
        raise ValueError("Identifiers are derived from ids below 10,000,000")
    now = datetime.datetime.combine(today, datetime.time(0, 0), tzinfo=UTC)
    org, team_loads = plan_org(n, seed, bases, existing)
    plan = Plan(seed=seed, today=today, now=now, bases=bases, org=org)
    rng = _rng(seed, "nominals")
    pools = _name_pools(seed)

    # Which team and manager each nominal has. Caseloads vary around 40.
    slots = []
    for team, load in zip(org.teams, team_loads):
        if not load:
            continue
        people = team["practitioners"]
        weights = _Weighted(people, [rng.uniform(0.7, 1.3) for _ in people])
        for _ in range(load):
            manager = None if rng.random() < UNALLOCATED_SHARE else weights.pick(rng)
            slots.append((team["index"], manager))
    # The two benchmark records: same manager, first two ids, in the first (largest) area.
    first_team = next(t for t in org.teams if t["practitioners"])
    bench_manager = first_team["practitioners"][0]
    bench = [i for i, (t, m) in enumerate(slots) if t == first_team["index"]][:2]
    bench += [i for i in range(len(slots)) if i not in bench][: 2 - len(bench)]
    rest = [s for i, s in enumerate(slots) if i not in set(bench)]
    rng.shuffle(rest)  # so one team's records are spread through the table, as in life
    slots = [(first_team["index"], bench_manager), (first_team["index"], bench_manager), *rest]

    genders = _Weighted(["male", "female", "other", "unknown"], [93, 6, 0.5, 0.5])
    groups = _Weighted([g[0] for g in GROUPS], [g[1] for g in GROUPS])
    ethnicities = {g[0]: _Weighted([e for e, _ in g[2]], [w for _, w in g[2]]) for g in GROUPS}
    languages = {g[0]: _Weighted([e for e, _ in g[3]], [w for _, w in g[3]]) for g in GROUPS}
    variant_surnames = {}
    for g, pool in pools.items():
        pairs = [(n, w) for n, w in zip(pool["last"].items, pool["last"].weights) if n in LAST_VARIANTS]
        variant_surnames[g] = _Weighted([n for n, _ in pairs] or ["Smith"], [w for _, w in pairs] or [1])
    now_ts = now.timestamp()
    n_long = max(1, round(n * LONG_HISTORY_SHARE))
    long_total = 0
    alias_id = bases["alias"]
    for i, (team_index, manager) in enumerate(slots):
        team = org.teams[team_index]
        group = groups.pick(rng)
        sex = genders.pick(rng)
        names = pools[group]["female" if sex == "female" else "male"]
        first = names.pick(rng)
        last = pools[group]["last"].pick(rng)
        middle = names.pick(rng) if rng.random() < 0.45 else ""
        if middle == first:
            middle = ""
        age = 17 + min(70, int(rng.gammavariate(2.4, 8.5))) if rng.random() > 0.01 else 16
        dob = today - datetime.timedelta(days=age * 365 + rng.randrange(365))
        language = languages[group].pick(rng)
        # When the record was made: in the last 15 years, after their 16th birthday, a week ago at most.
        earliest = max(now_ts - 15 * 365 * 86400,
                       datetime.datetime.combine(dob, datetime.time(), tzinfo=UTC).timestamp() + 16 * 365 * 86400)
        created = earliest + rng.random() * max(0.0, now_ts - 7 * 86400 - earliest)

        # Names the agencies also know them by.
        aliases = []
        if rng.random() < 0.10:  # a spelling variant
            if first in FIRST_VARIANTS and (last not in LAST_VARIANTS or rng.random() < 0.4):
                aliases.append((Alias.Kind.SPELLING, rng.choice(FIRST_VARIANTS[first]), last))
            else:
                if last not in LAST_VARIANTS:
                    last = variant_surnames[group].pick(rng)
                aliases.append((Alias.Kind.SPELLING, first, rng.choice(LAST_VARIANTS[last])))
        if first in NICKNAMES and rng.random() < 0.10:
            aliases.append((Alias.Kind.NICKNAME, rng.choice(NICKNAMES[first]), last))
        if rng.random() < 0.03:
            kind = Alias.Kind.PREVIOUS if sex == "female" or rng.random() < 0.5 else Alias.Kind.BIRTH
            aliases.append((kind, first, pools[group]["last"].pick(rng)))
        if rng.random() < 0.03:
            aliases.append((Alias.Kind.ALIAS, names.pick(rng), pools[group]["last"].pick(rng)))
        for kind, a_first, a_last in aliases:
            alias_id += 1
            used_from = used_to = None
            if kind in (Alias.Kind.PREVIOUS, Alias.Kind.BIRTH):
                used_to = dob + datetime.timedelta(days=rng.randrange(16 * 365, max(16 * 365 + 1, age * 365)))
            elif kind == Alias.Kind.ALIAS and rng.random() < 0.5:
                used_from = today - datetime.timedelta(days=rng.randrange(200, 4000))
                used_to = used_from + datetime.timedelta(days=rng.randrange(1, 180))
            plan.aliases.append((alias_id, i, kind, a_first, a_last, used_from, used_to,
                                 rng.choice(ALIAS_NOTES[kind])))

        if i == plan.bench_small:
            count = BENCH_SMALL_HISTORY
        elif i == plan.bench_large:
            count = BENCH_LARGE_HISTORY
        elif i < n_long + 1 and n > 2:  # i in 2..n_long: the long tail (ids are shuffled anyway)
            count = rng.randint(*LONG_HISTORY_RANGE)
        else:
            count = None  # decided below, once the long tail is known
        if count and i != plan.bench_small:
            long_total += count

        plan.ids.append(bases["nominal"] + 1 + i)
        plan.first.append(first)
        plan.middle.append(middle)
        plan.last.append(last)
        plan.dob.append(dob)
        plan.gender.append(sex)
        plan.group.append(group)
        plan.ethnicity.append(ethnicities[group].pick(rng))
        plan.language.append(language)
        plan.interpreter.append(language != "English" and rng.random() < 0.6)
        plan.needs.append(rng.choice(DIVERSITY_NEEDS) if rng.random() < 0.06 else "")
        plan.team.append(team_index)
        plan.manager.append(manager)
        plan.owner.append(manager or team["supervisor"])
        plan.created.append(created)
        plan.activity_count.append(count)
        plan.area_members.setdefault(team["area"], []).append(i)

    # Everyone else: a skewed count with the mean that brings the total to ~12 per nominal.
    ordinary = [i for i, c in enumerate(plan.activity_count) if c is None]
    if ordinary:
        mean = max(1.5, (ACTIVITY_MEAN * n - long_total - BENCH_SMALL_HISTORY) / len(ordinary))
        for i in ordinary:
            plan.activity_count[i] = min(ACTIVITY_CAP, 1 + int(rng.expovariate(1.0 / (mean - 0.5))))
    return plan


# ---------------------------------------------------------------------------------------------
# Rows, table by table. Each function yields tuples in the order of its COLUMNS.
# ---------------------------------------------------------------------------------------------

def _ts(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(int(seconds), UTC)


def _between(rng, start: float, end: float) -> float:
    return start + rng.random() * max(0.0, end - start)


@functools.lru_cache(maxsize=64)
def _scramble_offset(modulus: int, seed, salt: str) -> int:
    assert math.gcd(_MULTIPLIER, modulus) == 1
    return _rng(seed, f"scramble-{salt}").randrange(modulus)


_MULTIPLIER = 7_654_321


def _scramble(value: int, modulus: int, seed, salt: str) -> int:
    """A one-to-one mapping of 0..modulus-1 onto itself, so identifiers look random but never clash."""
    return (value * _MULTIPLIER + _scramble_offset(modulus, seed, salt)) % modulus


def pnc_number(year: int, serial: int) -> str:
    """A PNC id: four-digit year, seven-digit serial and the modulus 23 check character."""
    check = "ZABCDEFGHJKLMNPQRTUVWXY"[int(f"{year % 100:02d}{serial:07d}") % 23]
    return f"{year}/{serial:07d}{check}"


def _agency_of_user(plan: Plan) -> dict:
    return {u["id"]: u["agency_id"] for u in plan.org.users}


def _area_users(plan: Plan) -> dict:
    """Per area: practitioners by agency kind, and everyone who may be a partner."""
    out = {}
    for u in plan.org.users:
        entry = out.setdefault(u["area"], {"by_kind": {}, "partners": []})
        if u["role"] == Role.PRACTITIONER:
            entry["by_kind"].setdefault(u["agency_kind"], []).append(u["id"])
        if u["role"] in (Role.PRACTITIONER, Role.PARTNER_READONLY):
            entry["partners"].append((u["id"], u["agency_id"], u["agency_kind"]))
    return out


NOMINAL_COLUMNS = ["id", "version", "created_at", "updated_at", "first_name", "middle_names", "last_name",
                   "date_of_birth", "gender", "gender_description", "ethnicity", "language", "interpreter_needed",
                   "diversity_needs", "photo", "team_id", "manager_id", "marking", "created_by_id"]


def nominal_rows(plan: Plan):
    teams = plan.org.teams
    for i, nid in enumerate(plan.ids):
        created = _ts(plan.created[i])
        gender = plan.gender[i]
        yield (nid, 1, created, created, plan.first[i], plan.middle[i], plan.last[i], plan.dob[i], gender,
               "Non-binary" if gender == "other" else "", plan.ethnicity[i], plan.language[i], plan.interpreter[i],
               plan.needs[i], "", teams[plan.team[i]]["id"], plan.manager[i], Marking.OFFICIAL_SENSITIVE,
               plan.owner[i])


ITEM_COLUMNS = ["id", "version", "created_at", "updated_at", "nominal_id", "handling", "agency_id", "created_by_id"]
ALIAS_COLUMNS = ITEM_COLUMNS + ["kind", "first_name", "last_name", "used_from", "used_to", "notes"]


def alias_rows(plan: Plan):
    agency_of = _agency_of_user(plan)
    rng = _rng(plan.seed, "aliases")
    for alias_id, i, kind, first, last, used_from, used_to, notes in plan.aliases:
        at = _ts(_between(rng, plan.created[i], plan.now.timestamp()))
        owner = plan.owner[i]
        yield (alias_id, 1, at, at, plan.ids[i], "", agency_of[owner], owner, kind, first, last, used_from, used_to,
               notes)


NAMEKEY_COLUMNS = ["id", "nominal_id", "alias_id", "first_norm", "last_norm", "first_key", "last_key", "last_prefix",
                   "handling", "agency_id"]


def _name_key_specs(plan: Plan):
    """(key id, nominal id, alias id, key) for every key of every name and alias, in id order, the keys
    made by the app's own names.name_keys (one name may have several)."""
    cache = {}
    key_id = plan.bases["namekey"]
    names_in_order = [(nid, None, plan.first[i], plan.last[i]) for i, nid in enumerate(plan.ids)]
    names_in_order += [(plan.ids[i], alias_id, first, last) for alias_id, i, _kind, first, last, *_ in plan.aliases]
    for nid, alias_id, first, last in names_in_order:
        pair = (first, last)
        if pair not in cache:
            cache[pair] = name_keys(first, last)
        for key in cache[pair]:
            key_id += 1
            yield key_id, nid, alias_id, key


def namekey_rows(plan: Plan):
    for key_id, nid, alias_id, key in _name_key_specs(plan):
        yield (key_id, nid, alias_id, *key[:5], "", None)  # generated aliases are unrestricted


NAMEVARIANT_COLUMNS = ["id", "name_key_id", "variant", "first_initial"]


def namevariant_rows(plan: Plan):
    """The surname variants of every name key, as services.save_name_keys makes them."""
    cache: dict[str, list[str]] = {}
    variant_id = plan.bases["namevariant"]
    for key_id, _nid, _alias_id, key in _name_key_specs(plan):
        searched = key[5]
        if searched not in cache:
            cache[searched] = sorted(deletion_variants(searched))
        for variant in cache[searched]:
            variant_id += 1
            yield (variant_id, key_id, variant, key[0][:1])


IDENTIFIER_COLUMNS = ITEM_COLUMNS + ["kind", "value", "normalised"]


def identifier_rows(plan: Plan):
    rng = _rng(plan.seed, "identifiers")
    org = plan.org
    agency_by = {(a["area"], a["kind"]): a["id"] for a in org.agencies}
    agency_of = _agency_of_user(plan)
    now_ts = plan.now.timestamp()
    ident_id = plan.bases["identifier"]
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for i, nid in enumerate(plan.ids):
        team = org.teams[plan.team[i]]
        area, kind_held, owner = team["area"], team["kind"], plan.owner[i]
        created = plan.created[i]
        values = []
        if rng.random() < 0.97:
            first_year = max(1980, plan.dob[i].year + rng.randint(14, 30))
            year = min(first_year, plan.today.year)
            serial = _scramble(nid, 10_000_000, plan.seed, "pnc")
            values.append((IdentifierKind.PNC, pnc_number(year, serial), agency_by[(area, AgencyKind.POLICE)]))
        if kind_held == AgencyKind.PROBATION or rng.random() < 0.6:
            v = _scramble(nid, 26_000_000, plan.seed, "crn")
            values.append((IdentifierKind.CRN, f"{letters[v // 1_000_000]}{v % 1_000_000:06d}",
                           agency_by[(area, AgencyKind.PROBATION)]))
        if kind_held == AgencyKind.PRISON or rng.random() < 0.3:
            v = _scramble(nid, 26 * 10_000 * 676, plan.seed, "prison")
            head, rest = divmod(v, 10_000 * 676)
            digits, tail = divmod(rest, 676)
            values.append((IdentifierKind.PRISON, f"{letters[head]}{digits:04d}{letters[tail // 26]}{letters[tail % 26]}",
                           agency_by[(area, AgencyKind.PRISON)]))
        if plan.add_bench_markers and i == plan.bench_small:
            national = BENCH_SMALL
        elif plan.add_bench_markers and i == plan.bench_large:
            national = BENCH_LARGE
        else:
            national = f"NR{_scramble(nid, 100_000_000, plan.seed, 'national'):08d}"
        values.append((IdentifierKind.NATIONAL, national, agency_of[owner]))
        for kind, value, agency in values:
            ident_id += 1
            at = _ts(_between(rng, created, min(now_ts, created + 30 * 86400)))
            yield (ident_id, 1, at, at, nid, "", agency, owner, kind, value, normalise_identifier(value, kind))


ADDRESS_COLUMNS = ITEM_COLUMNS + ["status", "kind", "line1", "line2", "town", "county", "postcode", "moved_in",
                                  "moved_out", "notes"]
OCCUPANT_COLUMNS = ITEM_COLUMNS + ["address_id", "name", "relationship", "date_of_birth", "under_18",
                                   "linked_nominal_id"]


def _postcode(rng, prefix: str) -> str:
    return (f"{prefix}{rng.randint(1, 28)} {rng.randint(1, 9)}"
            f"{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}")


def address_rows(plan: Plan, occupants: list):
    """Addresses, one current per nominal; fills `occupants` with OCCUPANT_COLUMNS rows as it goes."""
    rng = _rng(plan.seed, "addresses")
    pools = _name_pools(plan.seed)
    org = plan.org
    agency_of = _agency_of_user(plan)
    streets = [f"{w} {s}" for w in STREET_WORDS for s in STREET_SUFFIXES]
    now_ts = plan.now.timestamp()
    address_id = plan.bases["address"]
    occupant_id = plan.bases["occupant"]
    current_kinds = _Weighted([Address.Kind.HOME, Address.Kind.APPROVED_PREMISES, Address.Kind.TEMPORARY,
                               Address.Kind.NO_FIXED_ABODE], [85, 7, 5, 3])
    for i, nid in enumerate(plan.ids):
        team = org.teams[plan.team[i]]
        area = org.areas[team["area"]]
        towns = area["towns"]
        owner = plan.owner[i]
        agency = agency_of[owner]
        r = rng.random()
        n_addresses = 1 if r < 0.5 else 2 if r < 0.8 else 3
        moved = plan.today
        for a in range(n_addresses):
            address_id += 1
            # Most live near the office that holds the record.
            town, prefix = towns[team["town"]] if a == 0 and rng.random() < 0.7 else towns[rng.randrange(len(towns))]
            line2 = ""
            if a == 0 and team["kind"] == AgencyKind.PRISON:
                kind = Address.Kind.CUSTODY
                jail = towns[team["town"]]
                line1, town, prefix = f"HMP {jail[0]}", jail[0], jail[1]
            else:
                kind = current_kinds.pick(rng) if a == 0 else Address.Kind.HOME
                if kind == Address.Kind.APPROVED_PREMISES:
                    line1 = f"{rng.choice(STREET_WORDS)} House Approved Premises"
                else:
                    line1 = f"{rng.randint(1, 240)} {rng.choice(streets)}"
                    if rng.random() < 0.3:
                        line2, line1 = line1, rng.choice(FLAT_PREFIXES).format(n=rng.randint(1, 40))
            postcode = _postcode(rng, prefix)
            if kind == Address.Kind.NO_FIXED_ABODE:
                line1 = line2 = postcode = ""
            moved_out = None if a == 0 else moved
            moved_in = moved - datetime.timedelta(days=rng.randint(30, 2500))
            moved = moved_in
            handling = Handling.VICTIM if rng.random() < 0.05 else ""
            at = _ts(_between(rng, plan.created[i], now_ts))
            notes = ""
            if handling:
                notes = rng.choice(["Victim lives nearby: do not disclose", "Shared with the victim until the order",
                                    "Exclusion zone covers this street"])
            status = Address.Status.CURRENT if a == 0 else Address.Status.PREVIOUS
            yield (address_id, 1, at, at, nid, handling, agency, owner, status, kind, line1, line2, town,
                   area["county"], postcode, moved_in, moved_out, notes)
            if a == 0 and kind in (Address.Kind.HOME, Address.Kind.TEMPORARY) and rng.random() < 0.2:
                for _ in range(rng.randint(1, 3)):
                    occupant_id += 1
                    child = rng.random() < 0.4
                    group = plan.group[i]
                    person_first = pools[group]["female" if rng.random() < 0.5 else "male"].pick(rng)
                    person_last = plan.last[i] if rng.random() < 0.6 else pools[group]["last"].pick(rng)
                    if child:
                        relation = rng.choice(["son", "daughter", "stepson", "stepdaughter", "partner's child",
                                               "grandchild"])
                        born = plan.today - datetime.timedelta(days=rng.randint(60, 17 * 365))
                        dob, under_18 = (None, True) if rng.random() < 0.15 else (born, False)
                    else:
                        relation = rng.choice(["partner", "mother", "father", "lodger", "brother", "friend"])
                        dob = plan.today - datetime.timedelta(days=rng.randint(19 * 365, 70 * 365))
                        under_18 = False
                    occupants.append((occupant_id, 1, at, at, nid, "", agency, owner, address_id,
                                      f"{person_first} {person_last}", relation, dob, under_18, None))


VEHICLE_COLUMNS = ITEM_COLUMNS + ["registration", "make", "model", "colour", "used_from", "used_to", "notes"]


def vehicle_rows(plan: Plan):
    rng = _rng(plan.seed, "vehicles")
    agency_of = _agency_of_user(plan)
    now_ts = plan.now.timestamp()
    vehicle_id = plan.bases["vehicle"]
    for i, nid in enumerate(plan.ids):
        if rng.random() >= 0.2:
            continue
        owner = plan.owner[i]
        for v in range(1 if rng.random() < 0.8 else 2):
            vehicle_id += 1
            age = rng.choice([51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72,
                              73, 74, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24])
            reg = (f"{rng.choice(REG_MEMORY)}{rng.choice(REG_LETTERS)}{age:02d} "
                   f"{rng.choice(REG_LETTERS)}{rng.choice(REG_LETTERS)}{rng.choice(REG_LETTERS)}")
            make, model = rng.choice(VEHICLES)
            used_from = plan.today - datetime.timedelta(days=rng.randint(30, 3000))
            used_to = used_from + datetime.timedelta(days=rng.randint(30, 700)) if v else None
            if used_to and used_to > plan.today:
                used_to = plan.today
            at = _ts(_between(rng, plan.created[i], now_ts))
            notes = rng.choice(["", "", "Registered to his mother", "Seen parked outside a school", "Insured"])
            yield (vehicle_id, 1, at, at, nid, "", agency_of[owner], owner, reg, make, model, rng.choice(COLOURS),
                   used_from, used_to, notes)


CONTACT_COLUMNS = ITEM_COLUMNS + ["kind", "value", "platform", "used_from", "used_to", "notes"]


def contact_rows(plan: Plan):
    rng = _rng(plan.seed, "contacts")
    agency_of = _agency_of_user(plan)
    now_ts = plan.now.timestamp()
    contact_id = plan.bases["contact"]
    for i, nid in enumerate(plan.ids):
        owner = plan.owner[i]
        first, last = plan.first[i].lower(), plan.last[i].lower().replace("'", "").replace(" ", "")
        items = []
        if rng.random() < 0.75:
            head, digits = rng.choice(PHONE_RANGES)
            items.append((Contact.Kind.PHONE, f"{head}{rng.randrange(10 ** digits):0{digits}d}", ""))
        if rng.random() < 0.2:
            head, digits = rng.choice(PHONE_RANGES)
            items.append((Contact.Kind.PHONE, f"{head}{rng.randrange(10 ** digits):0{digits}d}", ""))
        if rng.random() < 0.25:
            items.append((Contact.Kind.EMAIL, f"{first}.{last}{rng.randint(1, 99)}@{rng.choice(EMAIL_DOMAINS)}", ""))
        if rng.random() < 0.15:
            items.append((Contact.Kind.ONLINE, f"{first[:1]}{last}_{rng.randint(1, 999)}", rng.choice(PLATFORMS)))
        for kind, value, platform in items:
            contact_id += 1
            at = _ts(_between(rng, plan.created[i], now_ts))
            handling = Handling.INTELLIGENCE if kind == Contact.Kind.ONLINE and rng.random() < 0.2 else ""
            yield (contact_id, 1, at, at, nid, handling, agency_of[owner], owner, kind, value, platform,
                   None, None, "")


RELATIONSHIP_COLUMNS = ITEM_COLUMNS + ["kind", "other_nominal_id", "other_name", "description", "started", "ended",
                                       "notes"]


def relationship_rows(plan: Plan):
    """About half a relationship per nominal; four in ten link to another nominal in the same area."""
    rng = _rng(plan.seed, "relationships")
    pools = _name_pools(plan.seed)
    agency_of = _agency_of_user(plan)
    org = plan.org
    kinds = _Weighted(RELATIONSHIP_KINDS, [k[1] for k in RELATIONSHIP_KINDS])
    now_ts = plan.now.timestamp()
    rel_id = plan.bases["relationship"]
    for i, nid in enumerate(plan.ids):
        r = rng.random()
        count = 0 if r < 0.62 else 1 if r < 0.9 else 2 if r < 0.97 else 3
        area = org.teams[plan.team[i]]["area"]
        owner = plan.owner[i]
        members = plan.area_members[area]
        for _ in range(count):
            rel_id += 1
            kind, _w, descriptions = kinds.pick(rng)
            other = None
            if kind == Relationship.Kind.EMPLOYER:
                other_name = rng.choice(COMPANIES)
            elif kind in (Relationship.Kind.CO_OFFENDER, Relationship.Kind.ASSOCIATE, Relationship.Kind.FAMILY) \
                    and rng.random() < 0.6 and len(members) > 1:
                j = members[rng.randrange(len(members))]
                if j == i:
                    j = members[(members.index(i) + 1) % len(members)]
                other = plan.ids[j]
                other_name = " ".join(p for p in (plan.first[j], plan.middle[j], plan.last[j]) if p)
            else:
                group = plan.group[i]
                other_name = (f"{pools[group]['female' if rng.random() < 0.6 else 'male'].pick(rng)} "
                              f"{pools[group]['last'].pick(rng)}")
            handling = Handling.VICTIM if kind == Relationship.Kind.VICTIM else ""
            started = plan.today - datetime.timedelta(days=rng.randint(100, 6000))
            ended = started + datetime.timedelta(days=rng.randint(30, 2000)) if rng.random() < 0.3 else None
            if ended and ended > plan.today:
                ended = None
            at = _ts(_between(rng, plan.created[i], now_ts))
            notes = "Do not disclose her address" if kind == Relationship.Kind.VICTIM else ""
            yield (rel_id, 1, at, at, nid, handling, agency_of[owner], owner, kind, other, other_name,
                   rng.choice(descriptions), started, ended, notes)


PARTNER_COLUMNS = ["id", "nominal_id", "user_id", "reason", "added_by_id", "added_at", "ended_at"]


def partner_rows(plan: Plan):
    """Some nominals have one or two partners: practitioners of another agency in the same area."""
    rng = _rng(plan.seed, "partners")
    org = plan.org
    area_users = _area_users(plan)
    now_ts = plan.now.timestamp()
    partner_id = plan.bases["partner"]
    for i, nid in enumerate(plan.ids):
        if rng.random() >= 0.16:
            continue
        team = org.teams[plan.team[i]]
        candidates = area_users[team["area"]]["partners"]
        chosen = set()
        for _ in range(1 if rng.random() < 0.7 else 2):
            for _attempt in range(5):
                uid, agency_id, kind = candidates[rng.randrange(len(candidates))]
                if agency_id != team["agency_id"] and uid not in chosen:
                    break
            else:
                continue
            chosen.add(uid)
            partner_id += 1
            added = _between(rng, plan.created[i], now_ts)
            ended = _ts(_between(rng, added, now_ts)) if rng.random() < 0.1 else None
            yield (partner_id, nid, uid, rng.choice(PARTNER_REASONS[kind]), plan.owner[i], _ts(added), ended)


ACTIVITY_COLUMNS = ITEM_COLUMNS + ["kind", "occurred_at", "summary", "details"]


def _activity_phrases(rng) -> list[tuple[str, str, list[str]]]:
    out = []
    for kind, _w, handling, templates in ACTIVITY_KINDS:
        phrases = []
        for template in templates:
            for _ in range(25):
                phrases.append(template.format(o=rng.choice(_OUTCOMES), t=rng.choice(_TOPICS), s=rng.choice(_SOURCES)))
        out.append((kind, handling, sorted(set(phrases))))
    return out


def activity_total(plan: Plan) -> int:
    return sum(plan.activity_count)


def activity_rows(plan: Plan):
    """Activity log entries, interleaved in time order across blocks of nominals (as they are written
    in life), so one person's long history is spread through the table."""
    rng = _rng(plan.seed, "activities")
    org = plan.org
    agency_of = _agency_of_user(plan)
    area_users = _area_users(plan)
    user_name = {u["id"]: f"{u['first_name']} {u['last_name']}" for u in org.users}
    police_agency = {a["area"]: a["id"] for a in org.agencies if a["kind"] == AgencyKind.POLICE}
    probation_agency = {a["area"]: a["id"] for a in org.agencies if a["kind"] == AgencyKind.PROBATION}
    phrases = _activity_phrases(rng)
    kind_cum = list(itertools.accumulate(k[1] for k in ACTIVITY_KINDS))
    kind_total = kind_cum[-1]
    now_ts = plan.now.timestamp()
    activity_id = plan.bases["activity"]
    n_details = len(DETAILS)
    random_ = rng.random
    randrange = rng.randrange
    CHANGE = Activity.Kind.CHANGE
    for start in range(0, plan.count, CHUNK):
        block = []
        append = block.append
        for i in range(start, min(plan.count, start + CHUNK)):
            nid = plan.ids[i]
            team = org.teams[plan.team[i]]
            area = team["area"]
            owner = plan.owner[i]
            owner_agency = agency_of[owner]
            created = plan.created[i]
            span = max(1.0, now_ts - created)
            colleagues = team["practitioners"]
            police = area_users[area]["by_kind"].get(AgencyKind.POLICE) or [owner]
            probation = area_users[area]["by_kind"].get(AgencyKind.PROBATION) or [owner]
            append((created, nid, CHANGE, "", owner_agency, owner, f"Record created by {user_name[owner]}", ""))
            for _ in range(plan.activity_count[i] - 1):
                at = created + random_() * span
                k = bisect.bisect_right(kind_cum, random_() * kind_total)
                kind, handling, texts = phrases[k]
                summary = texts[randrange(len(texts))]
                r = random_()
                if handling:  # intelligence: recorded by the police
                    by = owner if team["kind"] == AgencyKind.POLICE else police[randrange(len(police))]
                    agency = police_agency[area]
                elif r < 0.1:
                    by = colleagues[randrange(len(colleagues))]
                    agency = agency_of[by]
                elif r < 0.11:  # victim liaison, restricted, recorded by probation
                    handling, agency = Handling.VICTIM, probation_agency[area]
                    by = owner if owner_agency == agency else probation[randrange(len(probation))]
                    kind, summary = Activity.Kind.INFORMATION, VICTIM_ACTIVITY[randrange(len(VICTIM_ACTIVITY))]
                else:
                    by, agency = owner, owner_agency
                details = DETAILS[randrange(n_details)] if random_() < 0.45 else ""
                append((at, nid, kind, handling, agency, by, summary, details))
        block.sort(key=lambda row: (row[0], row[1]))
        for at, nid, kind, handling, agency, by, summary, details in block:
            activity_id += 1
            when = _ts(at)
            yield (activity_id, 1, when, when, nid, handling, agency, by, kind, when, summary, details)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

_BINARY_TYPES = {
    "bigint": "int8", "integer": "int4", "smallint": "int2", "varchar": "varchar", "text": "text",
    "timestamp with time zone": "timestamptz", "date": "date", "boolean": "bool", "jsonb": "jsonb",
    "numeric": "numeric", "time": "time", "double precision": "float8",
}


def write_part(models: list, columns: dict, found: dict, labels: dict, progress: bool) -> None:
    """A part's generated rows (`found`: model to row tuples in `columns[model]` order) written in one transaction,
    the tables' sequences moved past them, and (on PostgreSQL) the tables analysed for the planner."""
    writer = _Writer(progress)
    with transaction.atomic():
        for model in models:
            writer.write(model, columns[model], iter(found[model]), len(found[model]), labels[model])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


class _Writer:
    """Writes row tuples: COPY on PostgreSQL, bulk_create in batches elsewhere."""

    def __init__(self, progress: bool):
        self.progress = progress
        self.postgres = connection.vendor == "postgresql"
        self.counts = {}
        self.timings = {}

    def _bar(self, label, total, show=True, unit=" rows"):
        from tqdm import tqdm

        return tqdm(total=total, desc=f"{label:<14}", unit=unit, unit_scale=True, file=sys.stderr,
                    disable=not (self.progress and show), mininterval=0.5, dynamic_ncols=True)

    def write(self, model, columns: list[str], rows, total: int | None, label: str, show: bool = True) -> int:
        started = time.monotonic()
        fields = {f.attname: f for f in model._meta.concrete_fields}
        unknown = set(columns) - set(fields)
        if unknown:
            raise RuntimeError(f"{model.__name__} has no fields {sorted(unknown)}")
        # Fields this generator does not know about get their defaults, so new columns do not break it.
        extra = [f for name, f in fields.items() if name not in columns]
        extra_values = []
        for f in extra:
            value = f.get_default()
            if value is None and not f.null:
                raise RuntimeError(f"{model.__name__}.{f.name} needs a value: add it to the generator")
            extra_values.append(value)
        extra_values = tuple(extra_values)
        written = 0
        with self._bar(label, total, show) as bar:
            if self.postgres:
                all_fields = [fields[c] for c in columns] + extra
                cols = ", ".join(connection.ops.quote_name(f.column) for f in all_fields)
                types = [_BINARY_TYPES.get(f.db_type(connection).split("(")[0].strip()) for f in all_fields]
                binary = all(types)  # binary COPY saves the server parsing text (timestamps especially)
                sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({cols}) FROM STDIN"
                with connection.cursor() as cursor, cursor.cursor.copy(sql + (" (FORMAT BINARY)" if binary else "")) as copy:
                    if binary:
                        copy.set_types(types)
                    write_row = copy.write_row
                    for row in rows:
                        write_row(row + extra_values if extra_values else row)
                        written += 1
                        if not written % 20000:
                            bar.update(20000)
            else:
                names = columns
                batch = []
                for row in rows:
                    batch.append(model(**dict(zip(names, row))))
                    if len(batch) == 2000:
                        model.objects.bulk_create(batch, batch_size=2000)
                        written += len(batch)
                        bar.update(len(batch))
                        batch = []
                if batch:
                    model.objects.bulk_create(batch, batch_size=2000)
                    written += len(batch)
            bar.update(written - bar.n)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + written
        self.timings[label] = self.timings.get(label, 0.0) + time.monotonic() - started
        return written


def _existing_structure() -> dict:
    existing = {("area", name): pk for pk, name in Area.objects.values_list("pk", "name")}
    agencies = dict(Agency.objects.values_list("pk", "code"))
    existing |= {("agency", code): pk for pk, code in agencies.items()}
    existing |= {("team", agencies[a], name): pk for pk, a, name in Team.objects.values_list("pk", "agency_id", "name")}
    return existing


def _write_org(plan: Plan, writer: _Writer) -> None:
    org = plan.org
    started = time.monotonic()
    areas = [Area(id=a["id"], code=a["code"], name=a["name"]) for a in org.areas if a["new"]]
    Area.objects.bulk_create(areas, batch_size=2000)
    agencies = [Agency(id=a["id"], code=a["code"], name=a["name"], kind=a["kind"]) for a in org.agencies if a["new"]]
    Agency.objects.bulk_create(agencies, batch_size=2000)
    teams = [Team(id=t["id"], agency_id=t["agency_id"], area_id=t["area_id"], name=t["name"])
             for t in org.teams if t["new"]]
    Team.objects.bulk_create(teams, batch_size=2000)
    unusable = make_password(None)
    users = [User(id=u["id"], username=u["username"], first_name=u["first_name"], last_name=u["last_name"],
                  email=u["email"], role=u["role"], agency_id=u["agency_id"], team_id=u["team_id"],
                  job_title=u["job_title"], password=unusable, is_active=True)
             for u in org.users]
    User.objects.bulk_create(users, batch_size=2000)
    for model, rows in ((Area, areas), (Agency, agencies), (Team, teams), (User, users)):
        writer.counts[model._meta.label] = len(rows)
    writer.timings["organisation"] = time.monotonic() - started


GENERATED_MODELS = [Area, Agency, Team, User, Nominal, Alias, NameKey, NameVariant, Identifier, Address, Occupant, Vehicle,
                    Contact, Relationship, Partner, Activity, *parts.MODELS]


BULK_MODELS = [Nominal, Alias, NameKey, NameVariant, Identifier, Address, Occupant, Vehicle, Contact, Relationship, Partner,
               Activity, *parts.MODELS]


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), GENERATED_MODELS)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _drop_secondary_indexes(models) -> list[str]:
    """Drop every index but the primary key on these (empty) tables; returns the SQL that puts them back.

    Building an index once from sorted rows is many times faster than keeping it up to date
    row by row during a load of millions of rows.
    """
    restore = []
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                """
                SELECT i.relname, pg_get_indexdef(i.oid), c.conname, pg_get_constraintdef(c.oid)
                FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
                WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
                ORDER BY i.relname
                """,
                [table],
            )
            q = connection.ops.quote_name
            for index, indexdef, constraint, constraintdef in cursor.fetchall():
                if constraint:
                    cursor.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(constraint)}")
                    restore.append(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(constraint)} {constraintdef}")
                else:
                    cursor.execute(f"DROP INDEX {q(index)}")
                    restore.append(indexdef)
    return restore


def _is_superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


def _check_references(bases: dict, more: dict | None = None) -> None:
    """With triggers off during the load, prove every new row's foreign keys point somewhere."""
    base_of = {Nominal: "nominal", Alias: "alias", NameKey: "namekey", NameVariant: "namevariant", Identifier: "identifier", Address: "address",
               Occupant: "occupant", Vehicle: "vehicle", Contact: "contact", Relationship: "relationship",
               Partner: "partner", Activity: "activity", User: "user", Team: "team"}
    q = connection.ops.quote_name
    starts = {model: bases[base] for model, base in base_of.items()} | (more or {})
    with connection.cursor() as cursor:
        for model, start in starts.items():
            for f in model._meta.concrete_fields:
                if not f.is_relation or not f.db_constraint:
                    continue
                target = f.target_field
                cursor.execute(
                    f"SELECT count(*) FROM {q(model._meta.db_table)} c "
                    f"LEFT JOIN {q(target.model._meta.db_table)} p ON p.{q(target.column)} = c.{q(f.column)} "
                    f"WHERE c.id > %s AND c.{q(f.column)} IS NOT NULL AND p.{q(target.column)} IS NULL",
                    [start],
                )
                missing = cursor.fetchone()[0]
                if missing:
                    raise RuntimeError(f"{missing} {model.__name__} rows point at a missing {f.name}")


@dataclass
class Result:
    counts: dict
    timings: dict
    elapsed: float
    bench_small_id: int
    bench_large_id: int
    markers_added: bool


def generate(n: int, seed=1, today: datetime.date | None = None, progress: bool = True, log=None) -> Result:
    """Generate n nominals (and the organisation around them) into the default database."""
    started = time.monotonic()
    log = log or (lambda message: print(message, file=sys.stderr))
    bases = existing_bases()
    plan = plan_register(n, seed=seed, today=today, bases=bases, existing=_existing_structure())
    plan.add_bench_markers = not Identifier.objects.filter(
        kind=IdentifierKind.NATIONAL, normalised__in=[normalise_identifier(BENCH_SMALL), normalise_identifier(BENCH_LARGE)]
    ).exists()
    log(f"Planned {plan.count:,} nominals, {len(plan.org.users):,} users, {activity_total(plan):,} activity entries "
        f"in {time.monotonic() - started:.1f}s")
    writer = _Writer(progress)
    parts.check_columns()
    parts_context = parts.PartsContext.load(plan.today)
    part_bases = parts.parts_bases()
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        fast = False
        if postgres:
            # Skip per-row foreign key triggers during the load when we may; checked in one pass afterwards.
            fast = _is_superuser()
            with connection.cursor() as cursor:
                if fast:
                    cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute("SET LOCAL synchronous_commit = off")
        _write_org(plan, writer)
        restore = []
        if postgres:
            # Tables that start empty get their indexes after the load.
            empty = [m for m in BULK_MODELS if not m.objects.exists()]
            restore = _drop_secondary_indexes(empty)
        writer.write(Nominal, NOMINAL_COLUMNS, nominal_rows(plan), plan.count, "nominals")
        writer.write(Alias, ALIAS_COLUMNS, alias_rows(plan), len(plan.aliases), "aliases")
        writer.write(NameKey, NAMEKEY_COLUMNS, namekey_rows(plan), None, "name keys")
        writer.write(NameVariant, NAMEVARIANT_COLUMNS, namevariant_rows(plan), None, "name variants")
        writer.write(Identifier, IDENTIFIER_COLUMNS, identifier_rows(plan), None, "identifiers")
        occupants = []
        writer.write(Address, ADDRESS_COLUMNS, address_rows(plan, occupants), None, "addresses")
        writer.write(Occupant, OCCUPANT_COLUMNS, iter(occupants), len(occupants), "occupants")
        writer.write(Vehicle, VEHICLE_COLUMNS, vehicle_rows(plan), None, "vehicles")
        writer.write(Contact, CONTACT_COLUMNS, contact_rows(plan), None, "contacts")
        writer.write(Relationship, RELATIONSHIP_COLUMNS, relationship_rows(plan), None, "relationships")
        writer.write(Partner, PARTNER_COLUMNS, partner_rows(plan), None, "partners")
        writer.write(Activity, ACTIVITY_COLUMNS, activity_rows(plan), activity_total(plan), "activities")
        # The parts built on the register: MAPPA, orders, risk, licences, plans (one pass, block by block).
        t = time.monotonic()
        with writer._bar("parts", plan.count, unit=" people") as bar:
            for model, rows in parts.part_rows(plan, parts_context, part_bases, on_block=bar.update):
                writer.write(model, parts.COLUMNS[model], iter(rows), len(rows), "parts", show=False)
        writer.timings["parts"] = time.monotonic() - t
        if restore:
            t = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
                for sql in restore:
                    cursor.execute(sql)
            writer.timings["indexes"] = time.monotonic() - t
        if fast:
            t = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = origin")
            _check_references(bases, part_bases)
            writer.timings["reference check"] = time.monotonic() - t
        _reset_sequences()
    # The supervision of the community orders written above (its own pass: it reads the orders back).
    t = time.monotonic()
    writer.counts |= generator_supervision.generate_supervision(seed=seed, today=plan.today, progress=progress, log=log)
    if plan.add_bench_markers:
        generator_supervision.give_bench_case_its_work(plan.ids[plan.bench_large], plan.today)
    writer.timings["supervision"] = time.monotonic() - t
    # The interventions of the sexual and violent offenders under supervision (it reads the orders and requirements).
    t = time.monotonic()
    writer.counts |= generator_interventions.generate_interventions(seed=seed, today=plan.today, progress=progress,
                                                                    log=log)
    writer.timings["interventions"] = time.monotonic() - t
    if postgres:
        # Fresh statistics for the planner; and, outside a transaction, VACUUM too, so the visibility
        # map and hint bits are set now rather than by the first readers (or whenever autovacuum runs).
        t = time.monotonic()
        vacuum = not connection.in_atomic_block
        with connection.cursor() as cursor:
            for model in GENERATED_MODELS:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"VACUUM (ANALYZE) {table}" if vacuum else f"ANALYZE {table}")
        writer.timings["vacuum, analyze" if vacuum else "analyze"] = time.monotonic() - t
    return Result(
        counts=writer.counts, timings=writer.timings, elapsed=time.monotonic() - started,
        bench_small_id=plan.ids[plan.bench_small], bench_large_id=plan.ids[plan.bench_large],
        markers_added=plan.add_bench_markers,
    )
