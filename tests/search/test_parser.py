from warta.search.parser import MAX_REQUIRED, parse, synonym_table

SYNONYMS = synonym_table(
    [
        ("Korut", ["Korea Utara"], True),
        ("AS", ["Amerika Serikat"], True),
        ("Jabodetabek", ["Jakarta", "Bekasi"], False),
    ]
)


def alternatives(query):
    return [clause.alternatives for clause in query.required]


def test_words_are_stemmed_and_stop_words_dropped():
    query = parse("pembebasan yang di Kursk")
    assert alternatives(query) == [(("bebas",),), (("kursk",),)]


def test_a_query_of_stop_words_only_keeps_them():
    assert alternatives(parse("yang dan")) == [(("yang",),), (("dan",),)]


def test_quotes_make_a_phrase_that_keeps_its_stop_words():
    query = parse('"harga yang naik" beras')
    assert alternatives(query) == [(("harga", "yang", "naik"),), (("beras",),)]


def test_an_unclosed_quote_runs_to_the_end():
    assert alternatives(parse('banjir "korea utara')) == [(("banjir",),), (("korea", "utara"),)]


def test_a_minus_excludes_a_word_or_a_phrase():
    query = parse('banjir -bekasi -"hujan lebat"')
    assert alternatives(query) == [(("banjir",),)]
    assert [clause.alternatives for clause in query.excluded] == [
        (("bekasi",),),
        (("hujan", "lebat"),),
    ]


def test_an_exclusion_alone_is_no_query():
    assert not parse("-banjir")


def test_compounds_stay_together():
    assert alternatives(parse("e-sports Rp16.240")) == [(("e", "sports"),), (("rp16", "240"),)]


def test_or_joins_its_neighbours():
    assert alternatives(parse("banjir OR gempa jakarta")) == [
        (("banjir",), ("gempa",)),
        (("jakarta",),),
    ]


def test_synonyms_work_both_ways_and_one_way():
    assert alternatives(parse("korut", SYNONYMS)) == [(("korut",), ("korea", "utara"))]
    assert alternatives(parse("Korea Utara", SYNONYMS)) == [(("korut",), ("korea", "utara"))]
    assert alternatives(parse("jabodetabek", SYNONYMS)) == [
        (("bekasi",), ("jabodetabek",), ("jakarta",))
    ]
    assert alternatives(parse("bekasi", SYNONYMS)) == [(("bekasi",),)]


def test_a_quoted_phrase_is_taken_literally():
    assert alternatives(parse('"korut"', SYNONYMS)) == [(("korut",),)]


def test_search_syntax_of_the_databases_is_just_words():
    query = parse('NEAR(rudal korea) ^uji:coba AND "" * OR \' ; DROP TABLE --')
    for clause in query.required:
        for alternative in clause.alternatives:
            assert all(term.isalnum() for term in alternative)
    assert ("near",) in [alt for clause in query.required for alt in clause.alternatives]


def test_a_long_query_is_cut_to_a_bounded_number_of_clauses():
    query = parse(" ".join(f"kata{number}" for number in range(500)))
    assert len(query.required) == MAX_REQUIRED
    assert not parse("a" * 1000)


def test_the_words_to_highlight_leave_out_stop_words():
    assert parse('"harga yang naik"').highlight == {"harga", "naik"}
