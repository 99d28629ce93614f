"""Every word table the rules read, each word listed once.

These describe English news usage (how reporters write attribution, names and agreements),
not any one corpus's annotation scheme. Each table says which module reads it. Tables that
are unions of others are built here, below their parts, so a word has one home.
"""

from __future__ import annotations


def _upper_class() -> str:
    """A character class of the capital letters of Latin, Greek and Cyrillic scripts, for
    patterns that find names: [A-Z] misses 'Çelik', 'Özlem', 'Đặng', 'Ọlámídé'."""
    ranges, start, previous = [], None, None
    for code in [*range(0x41, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)]:
        if not chr(code).isupper():
            continue
        if previous is not None and code == previous + 1:
            previous = code
            continue
        if start is not None:
            ranges.append((start, previous))
        start = previous = code
    ranges.append((start, previous))
    return "[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]"


# Typography, not words: a capital letter in any European script. names, quotes, sentences.
UPPER = _upper_class()

# ---------------------------------------------------------------- speech

# Plain verbs of saying: what follows them, with 'that' or without, is what was said ('Smith
# said the plan failed', 'she told reporters it was over'). statements; cues (verbs of saying).
TELLING_VERBS = frozenset({"told", "tells"})  # ... who was told comes first
SAYING_VERBS = TELLING_VERBS | {"said", "says", "say"}

# Verbs of saying that may report what was said as a clause, mostly with 'that' ('she warned
# that ...', 'he denied that ...'); without 'that' they often take a plain object instead
# ('denied the allegations', 'added a goal', 'wrote a book'). Not verbs of belief ('thinks', 'believes',
# 'hopes'): those report a mind, as the writer reads it, not words anyone said.
# statements; cues (verbs of saying).
CLAUSE_VERBS = frozenset("""
    added adds wrote writes stated noted notes explained explains argued argues claimed claims
    declared declares insisted insists replied replies responded warned warns acknowledged
    announced reported reports suggested predicted conceded admitted testified countered
    complained lamented boasted emphasized stressed agreed concluded observed remarked mentioned
    cautioned tweeted posted commented
""".split())
# More of them, read for statements only: as a quotation's cue they misread more than they
# read ('He quickly recovered and assured her ...'), so the quote cue reader keeps to the
# verbs above. The first ones also make a quotation near them someone's words
# (REPORTING_WORDS). statements.
CLAIMING_VERBS = frozenset({"alleged", "contended", "contends", "maintained", "asserted", "asserts"})
STATEMENT_ONLY_VERBS = CLAIMING_VERBS | frozenset("""
    explain argue claim insist warn acknowledges acknowledge announces suggests suggest predicts
    concedes admits admit denied denies deny confirmed confirms confirm alleges allege maintains
    maintain contend assured revealed disclosed confessed
""".split())

# Verbs of saying, in the forms a cue writes them ('"...," Smith said', 'he added'); also
# characterizing someone in their own words ('called him a "liar"'). attribution: cue reading.
SPEECH_VERBS = SAYING_VERBS | CLAUSE_VERBS | frozenset("""
    states asked asks continued recalled urged promised vowed joked quipped shouted yelled wondered mused
    recounted describing described calls calling called dubbed branded labeled labelled accused
    condemned denounced praised criticized mocked blasted slammed touted pledged
    demanded answered exclaimed retorted snapped scoffed pleaded interjected ruled repeated repeats sniffed crowed
    chanted
""".split())

# Verbs of saying in the present tense that are nouns too ('his remarks', 'product recalls'):
# a verb only right after a quotation and its speaker ('"...," he remarks'). cues.
TAG_VERBS = frozenset({"remarks", "recalls", "quips", "jokes", "muses"})

# Words that put words in someone's mouth without naming a speaker the way a cue does ('his
# references to Machado as "Miss Piggy"', 'chanting "Bobby!"', 'Trump's claim that ...'): a
# quotation near one is someone's words, not a title. attribution: looks_like_a_title.
REPORTING_WORDS = SPEECH_VERBS | CLAIMING_VERBS | frozenset("""
    adding saying urging urges urge dismissed referred referring references alleging
    credited blamed blaming
    compared comparing likened characterized painted decried decrying defended defending questioned
    questioning mocking criticizing accusing praising promising warning arguing claiming insisting
    telling asking describes describe call demanded demanding pounding recommended
    chants chanted chanting asserting proclaimed proclaims lauded lauds referenced
    announcing stressing ruled claim statement according tweeted tweets tweeting
""".split())

# What carries a person's own words: 'her statement said' quotes her. cues.
STATEMENT_NOUNS = frozenset({
    "statement", "letter", "post", "tweet", "email", "memo", "message", "note", "website", "book",
    "blog", "column", "essay", "affidavit", "testimony", "speech", "remarks",
})

# What an organization publishes its words in, and how: 'says a document on Canadian Pacific Railway's
# website', 'a statement released by the Prime Minister's Office'. descriptions, cues.
PUBLISHED_NOUNS = STATEMENT_NOUNS | {"document", "report", "paper", "notice", "release", "study", "filing", "bulletin", "advisory"}
PUBLISHING_VERBS = frozenset({"published", "issued", "released", "posted", "sent", "put"})

# Words between a cue's subject and its verb that are not the subject ('Gibson also noted', 'Mr.
# Scheer has said'); a form of 'be' there makes the verb passive ('he was described as'). cues.
AUXILIARIES = frozenset({"has", "have", "had", "would", "will", "could", "should", "may", "might", "did", "does", "do"})
FORMS_OF_BE = frozenset({"is", "was", "are", "were", "be", "been", "being"})

# Pronouns a cue may use for a speaker named before. attribution.
SPEAKER_PRONOUNS = frozenset({"he", "she"})

# Around a statement's cue (statements). What a reported clause may open with as its subject
# ('said he was tired', "says it's over").
SUBJECT_PRONOUNS = SPEAKER_PRONOUNS | {"i", "you", "it", "we", "they", "there"}
# Who says it when the text names nobody there: a pronoun code does not resolve ('it said',
# 'they say', 'the man who said'): the speaker is open.
OPEN_SUBJECTS = SUBJECT_PRONOUNS - SPEAKER_PRONOUNS - {"there"} | {"who"}
# Who is told, between 'told' and what ('told him the plan failed').
OBJECT_PRONOUNS = frozenset({"me", "you", "him", "her", "us", "them"})
# Words that open a clause within a clause ('... as the team lost'): what follows is not what
# was said, and a verb there is no sign that it was a clause.
SUBORDINATORS = frozenset({"as", "because", "if", "since", "although", "though", "until", "unless",
                           "whereas", "when", "while", "after", "before"})
# Words that open a phrase saying where, when or how something was said, not what ('said in a
# statement that', 'said after the meeting', '..., he said when asked').
ADVERBIAL_OPENERS = SUBORDINATORS - {"if"} | {"through", "via", "under", "into", "against",
                                             "without", "following", "amid", "despite"}
# Nouns that are a subject on their own, without 'the' ('police said', 'staff say'); beside
# plurals ('officials say', 'local residents said').
COLLECTIVE_NOUNS = frozenset({"police", "staff", "people", "management", "media", "public"})
# Modal verbs besides the auxiliaries: with those and the forms of 'be', a sign that words are a
# clause ('the plan would fail'), not a plain object ('denied the allegations').
MODALS = frozenset({"can", "must", "shall", "cannot"})
# A finite verb: words between commas holding one are a clause, not a description. statements.
FINITE = FORMS_OF_BE | AUXILIARIES | MODALS
# What is said without a clause ('said so', 'said nothing', 'said goodbye'), or a clause that is
# not what was said ('said as he left').
NOT_A_CLAUSE = frozenset({"so", "nothing", "something", "anything", "goodbye", "hello", "yes",
                          "no", "sorry", "thanks", "much", "little", "more", "what", "where"})
NEGATIONS = frozenset({"not", "never"})
ARTICLES = frozenset({"a", "an", "the"})

# Past-tense verbs that make a name run opening a paragraph its subject ('Smith went on: "..."'),
# beside the speech verbs. attribution: paragraph_subject.
ACTION_VERBS = frozenset({"went", "spoke", "made", "gave", "took", "met", "sent", "began", "put"})

# ---------------------------------------------------------------- dates

# Month names with the abbreviation news copy uses (AP style: March to July are not abbreviated).
# sentences (abbreviations do not end a sentence), agreements (dates), attribution (not names).
MONTHS = {
    "January": "Jan", "February": "Feb", "March": None, "April": None, "May": None, "June": None,
    "July": None, "August": "Aug", "September": "Sept", "October": "Oct", "November": "Nov",
    "December": "Dec",
}
WEEKDAYS = frozenset({"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"})
# When, in a few words: between a verb of saying and what was said ('said Tuesday that', 'said
# last week the ...', 'said earlier this month'). statements.
WHEN_WORDS = frozenset({"yesterday", "today", "tonight", "earlier", "later", "recently", "previously",
                        "repeatedly", "again", "also", "publicly", "privately", "late", "early"})
PERIOD_LEADS = frozenset({"last", "this", "next"})
PERIODS = frozenset({"week", "weekend", "month", "year", "morning", "afternoon", "evening", "night",
                     "spring", "summer", "fall", "autumn", "winter"})

# ---------------------------------------------------------------- names

# Honorifics, and the sex the first four state ('Mr. Obama' and 'Mrs. Obama' are two people).
# names: same_entity, as_written.
HONORIFIC_SEX = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
HONORIFICS = frozenset(HONORIFIC_SEX) | {"dr", "sir"}

# Offices and titles written before a name, spelled out. names: not a distinctive word of a name.
OFFICES = frozenset("""
    president minister prime foreign senator governor secretary general chief former deputy vice
    king queen prince ambassador judge justice mayor chairman ceo professor
""".split())

# Offices that, inside a run of capitalized words, end what comes before the name: 'CP Foreign
# Affairs Minister Chrystia Freeland' (a photo credit run into a caption), 'Senate Majority
# Leader Mitch McConnell' (not an organization for its 'Senate').
# Never a surname or part of an organization's name here ('King', 'Justice', 'General' are). people.
OFFICES_BEFORE_A_NAME = frozenset("""
    president minister premier senator governor secretary ambassador mayor chairman chairwoman ceo
    leader speaker spokesperson spokesman spokeswoman commissioner director chancellor coach sen rep gov
""".split())

# Abbreviated titles; their period does not end a sentence. names, sentences.
TITLE_ABBREVIATIONS = frozenset("""
    sen sens rep reps gov lt gen col sgt capt prof rev st jr sr
""".split())

# Lower-case particles a surname may open with ('van der Berg', 'de la Cruz'); and the words that
# join the parts of a name in running text ('Ban Ki-moon of', 'Ursula von
# der Leyen'): the cue reader's name runs may cross them. attribution, names.
SURNAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "dos", "das", "ter", "ten"})
NAME_CONNECTORS = SURNAME_PARTICLES | {"bin", "al", "&", "of"}
# The lower-case words inside a person's name ('Faisal bin Rashid al-Mansouri', 'Joris de Jong'). cues, names.
NAME_PARTICLES = (NAME_CONNECTORS - {"&", "of"}) | {"bint", "ibn"}
# ... and the ones a name given on its own may hold too: 'Bank of America', 'Seton Hall
# University in New Jersey' (in running text 'in' or 'the' would join a name to a place). names.
NAME_JOINERS = NAME_CONNECTORS | {"the", "and", "for", "el", "in", "on", "at", "y"}

# Titles that go with a given name, not a surname ('Prince Harry' is not 'Harry Reid'). names.
GIVEN_NAME_TITLES = frozenset({"prince", "princess", "pope", "saint", "lord", "lady", "dame", "emperor", "empress"})

# Titles a name may open with; they tell nobody apart ('Sen. Tester' is 'Jon Tester'). Only at
# the start of a name: 'Stephen King' is a person, 'Justice Department' an organization. names.
LEADING_TITLES = HONORIFICS | OFFICES | TITLE_ABBREVIATIONS | GIVEN_NAME_TITLES | {
    "mp", "mpp", "mla", "mna", "mep", "congressman", "congresswoman", "councilman", "councilwoman",
    "coun", "councillor", "councilor", "premier", "leader", "commissioner", "officer", "constable",
    "const", "det", "detective", "sergeant", "inspector", "superintendent", "chancellor", "speaker",
    "representative", "spokesperson", "spokesman", "spokeswoman", "director", "chair", "chairwoman",
    # roles a sentence may open with, capitalized there only ('Organizer Lena Whitfield said')
    "organizer", "organiser", "lawyer", "attorney", "resident", "activist", "protester", "student",
    "teacher", "nurse", "doctor", "farmer", "worker", "owner", "volunteer", "witness", "neighbour",
    "neighbor", "author", "historian", "economist", "analyst", "expert", "researcher", "coach",
    "manager", "founder", "executive", "official", "host", "tenant", "landlord", "reporter",
    "rival", "challenger", "opponent", "nominee", "candidate",
}

# A party named before a person ('Republican Donald Trump', 'Liberal MP Jane Doe'): what the
# person belongs to, not part of their name. people.
PARTY_AFFILIATIONS = frozenset("""
    republican republicans democrat democratic gop liberal conservative tory ndp labour libertarian
""".split())

# What a minister or a department is for, after a title ('Minister of Transport Nguyễn Văn
# Thắng'): not part of the person's name. people.
PORTFOLIOS = frozenset("""
    transport transportation finance health defence defense foreign affairs justice interior
    education environment trade energy agriculture labour labor industry culture tourism housing
    immigration public safety security economy economic development innovation science technology
    infrastructure fisheries natural resources veterans indigenous international state
""".split())

# Head words of organizations' names: a name holding one is an organization, never the same
# entity as a person ('Trump' is not 'Trump Organization'); its leading words are part of it.
ORGANIZATION_HEADS = frozenset("""
    department ministry agency office commission council committee party university college school
    bank court police service services association union institute foundation company corporation
    corp inc ltd llc co group authority board network news press times post journal hospital
    church army forces government administration house senate congress parliament assembly
    federation league club team organization organisation society centre center coalition alliance
    fund trust bureau tribunal library museum airlines airways railway properties holdings partners
    capital industries systems technologies media motors energy enterprises ventures solutions
    consultants consulting associates laboratories labs studios pharmaceuticals communications nations
    research railways
""".split())

# Who speaks unnamed: 'Lametti said ... . The official said' is another person.
# attribution: _speaker_described.
ANONYMOUS_SOURCES = frozenset("""
    official officials spokesperson spokesman spokeswoman source sources aide aides insider staffer
    representative person man woman witness narrator announcer voice caller host moderator interviewer
    reporter
""".split())

# What a description calls an organization besides its head words ('the company said' after
# 'Suncor said'). attribution: _speaker_described.
ORGANIZATION_DESCRIPTIONS = frozenset("""
    firm business retailer airline carrier automaker maker manufacturer producer utility insurer
    lender broadcaster publisher developer operator employer charity nonprofit regulator campaign
""".split())

# 'the company said' (descriptions: organization_described): a description an organization goes by ('the house', 'the post' are not)
ORGANIZATION_WORDS = ORGANIZATION_DESCRIPTIONS | frozenset("""
    company corporation group organization organisation agency association union network team club
    league bank foundation charity department ministry commission council committee board authority
    coalition alliance institute university hospital church
""".split())

# Common nouns that make the capitalized words before them a thing's name, not a person's:
# "Turkey's Asia Anew initiative", 'the Antalya Diplomacy Forum'. people: person_part.
NAMED_THING_NOUNS = frozenset("""
    initiative program programme project plan strategy campaign act bill law agreement deal accord
    treaty forum summit conference festival award awards prize fund corridor partnership day
""".split())

# Words of a name that do not tell one entity from another wherever they stand. names: name_tokens.
NOT_DISTINCTIVE = NAME_JOINERS

# Capitalized words that start a sentence but never a speaker's name. attribution: name runs.
CAPITALIZED_FUNCTION_WORDS = frozenset("""
    The A An In But And Or So Yet While When After Before If As Although Since This That These
    Those It His Her Their Our We I You They At On For With By From Then Still Now Asked
    However Indeed Meanwhile Moreover Also Instead Later Earlier Finally Nonetheless Nevertheless
    Ultimately Separately Today Yesterday Tomorrow Here There Why What Who How Where Even Just
    Only Some Many Most All Both Each Every No Not One Two Three Under Over Without Despite Like
    Unlike Once Though Thus Hence Because Whether Last Next Several Other Another Such Tonight
    Neither Either Nor Besides Beyond Among Against Until Unless Whereas Amid Throughout Except
    Perhaps Maybe Sometimes Often Recently Currently Otherwise Therefore Afterward Afterwards Initially
    Eventually Almost Nearly About Around Through During Within Following Yes Oh
""".split())
# Dates start with capitals but say nothing ('in February, blasted ...'); 'May' is a surname too.
NOT_NAMES = CAPITALIZED_FUNCTION_WORDS | WEEKDAYS | {m for m in MONTHS if m != "May"}

# 'on the National Mall said': a name run after one of these is a place or a date. attribution.
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside"})  # people: 'in Seoul'
PLACE_PREPOSITIONS = LOCATIVE_PREPOSITIONS | {"on", "of", "from", "to", "by", "for", "with", "during", "since"}

# Nouns before a name that state the person's sex ('his wife Anna Berg'). people.
GENDERED_NOUNS = {
    **dict.fromkeys("""wife mother daughter sister grandmother granddaughter aunt niece girlfriend
        widow actress chairwoman spokeswoman businesswoman congresswoman princess queen mom woman
        girl stepmother lady""".split(), "f"),
    **dict.fromkeys("""husband father son brother grandfather grandson uncle nephew boyfriend widower
        chairman spokesman businessman congressman prince king dad man boy stepfather""".split(), "m"),
}

# Words of a name's last place that make it a place, not a person ('King Street'). people.
PLACE_HEADS = frozenset("""
    street avenue road boulevard drive lane square park bridge river lake mountain mountains island
    islands city county province state region valley highway airport station mall beach bay coast
    harbour harbor port village town district
""".split())

# Words of the lines web pages insert into an article ('Story continues below advertisement').
# people: such a line is neither text nor a section label.
INSERT_WORDS = frozenset({"advertisement", "continues", "continued", "continue"})

# Words a cue or the model leaves before a name ('Ultimately, Mr. Clarke'). names: clean_name.
LEAD_INS = frozenset("""
    ultimately meanwhile however still later then now also instead separately earlier today
    yesterday finally afterward afterwards so but and
""".split())

# Words of a section label or a news flash, never a transcript speaker's label ('BREAKING: ...',
# 'WATCH: ...'); the first ones label a link to other content, whose quotations are not the
# article's ('READ MORE: Trump says students were 'treated unfairly''). attribution, people.
LINK_LABELS = frozenset({"watch", "watch below", "read more", "related", "more", "also", "listen", "see also", "video"})
SECTION_WORDS = LINK_LABELS | frozenset({"breaking", "breaking news", "update", "updated", "note", "editor's note",
                                         "editors note", "correction", "exclusive", "live", "photos", "analysis",
                                         "opinion", "latest"})

# Country codes news writes as a country's name on its own ('US', 'U.K.', 'UAE'); any other
# code is read as a country only where the article names that country too. countries.
NEWS_COUNTRY_CODES = frozenset({"US", "USA", "UK", "UAE"})

# ---------------------------------------------------------------- sentences

# Abbreviations whose period does not end a sentence ('Rep. Cummings', 'U.S. officials').
# (Not "No.": a number follows it, which ends no sentence anyway, and "she said no. The" ends one.)
# sentences.
ABBREVIATIONS = (
    (HONORIFICS - {"miss", "sir"})
    | TITLE_ABBREVIATIONS
    | {"inc", "co", "corp", "vs", "u.s", "u.n", "u.k", "d.c", "calif", "fla", "n.y"}
    | {abbreviation.lower() for abbreviation in MONTHS.values() if abbreviation}
)

# ---------------------------------------------------------------- agreements

# Agreement nouns, singular -> plural. agreements: which sentences may state one, and
# 'Double Taxation and Science Agreements' names two agreements.
AGREEMENT_NOUNS = {
    "agreement": "agreements", "accord": "accords", "treaty": "treaties", "deal": "deals",
    "pact": "pacts", "memorandum": "memoranda", "mou": "mous", "contract": "contracts",
    "protocol": "protocols", "convention": "conventions",
}
# The verbs of concluding one, and the documents they conclude besides those nouns: 'signed'
# alone is no agreement (an autograph, a petition, a jersey); 'signed the bill into law' is.
# Not 'approval' or 'declaration': in political news those are mostly approval ratings and
# statements, and each false trigger costs a model question.
CONCLUDING_VERBS = frozenset({"signed", "ratified", "approved", "concluded", "sealed"})
# Verbs whose subject concludes or announces an agreement ('Turkey and Korea signed ...', 'the
# library announced a partnership agreement'): its parties are that subject.
PARTY_VERBS = CONCLUDING_VERBS | {"reached", "struck", "inked", "announced", "finalized", "finalised", "agreed", "renewed"}
# Plural descriptions that stand for parties named before ('The two diplomats signed ...'),
# by the kind of party they stand for.
PLURAL_PARTIES = {
    "person": frozenset({"diplomats", "ministers", "leaders", "officials", "presidents", "premiers", "mayors",
                         "men", "women", "envoys", "negotiators", "counterparts", "chiefs", "heads"}),
    "country": frozenset({"countries", "nations", "governments", "states"}),
}
# Agreement nouns in another sense (agreements: not_an_agreement). A convention that is a
# gathering: the words before it ('the Democratic convention', 'its annual Open World
# convention') or after it ('convention centre'); a treaty is 'the convention on ...'.
GATHERING_WORDS = frozenset({
    "democratic", "republican", "national", "gop", "party", "parties", "liberal", "conservative", "ndp",
    "leadership", "nominating", "annual", "political", "comic", "fan", "anime", "tattoo", "trade-show",
})
GATHERING_PLACES = frozenset({
    "center", "centre", "hall", "floor", "stage", "speech", "speeches", "delegate", "delegates", "week",
    "crowd", "goers", "site", "arena",
})
# A lower-case 'protocol' after a noun is a procedure ('the concussion protocol', 'security
# protocols'), not a treaty ('the Kyoto Protocol', 'a new protocol on ...'): these words may
# stand before a treaty's.
PROTOCOL_DETERMINERS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "new",
    "optional", "additional", "first", "second", "same", "signed", "draft",
})
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "both": 2}
LEGAL_DOCUMENTS = frozenset({"law", "bill", "legislation", "act", "charter", "ordinance", "bylaw", "resolution", "budget", "document"})

# Words a sentence writes in lower case but a headline in Title Case capitalizes ('Rip Donald
# Trump As A ...'). sentences: is_title_case.
TITLE_CASE_FUNCTION_WORDS = frozenset("a an and as at but by for from if in into is of on or over the to with".split())

# What a name in quotation marks may be the title of ('his book, "Make Your Kid a Millionaire,"',
# 'the "Keepin' It Real" radio program'): a work, not words said. attribution.
WORKS = frozenset("""
    book books novel memoir show shows program programme series film films movie movies documentary episode scene app
    song songs album column essay podcast play forum report paper anthem anthems hymn poem poems broadcast sitcom opera musical
""".split())
