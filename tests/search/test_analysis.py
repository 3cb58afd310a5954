import pytest

from warta.search.analysis import (
    BREAK,
    EXCEPTIONS,
    ROOTS,
    STOP_WORDS,
    analyze,
    fold,
    html_text,
    stem,
    terms,
)

# Word families a reader expects to meet: every form stems to the first one's stem.
FAMILIES = [
    "bebas bebaskan membebaskan pembebasan dibebaskan kebebasan",
    "berita memberitakan pemberitaan diberitakan beritanya",
    "menteri kementerian menterinya",
    "kata mengatakan dikatakan katanya perkataan",
    "naik menaikkan kenaikan dinaikkan",
    "konfirmasi mengonfirmasi dikonfirmasi",
    "berani keberanian pemberani",
    "pasukan pasukannya",
    "sekolah bersekolah sekolahnya",
    "pantai pantainya",
    "nilai menilai penilaian dinilai",
    "kuat menguat penguatan kekuatan memperkuat",
    "tulis menulis penulis tulisan ditulis",
    "turun menurun penurunan menurunkan",
    "terbang penerbangan",
    "tangkap penangkapan ditangkap menangkap",
    "main pemain permainan memainkan bermain",
    "mulai memulai dimulai",
    "nyata menyatakan pernyataan kenyataan",
    "desak desakan mendesak",
    "gerak gerakan menggerakkan penggerak",
    "kirim mengirim pengiriman dikirim",
    "kelola mengelola pengelolaan pengelola dikelola",
    "pilih pemilihan memilih terpilih pemilih",
    "perintah pemerintah pemerintahan memerintah",
    "pegawai kepegawaian pegawainya",
    "masalah permasalahan bermasalah",
    "capai mencapai dicapai pencapaian",
    "tanda menandai penanda",
    "tata menata penataan",
    "rumah perumahan",
    "ekonomi perekonomian ekonominya",
    "temu pertemuan menemukan ditemukan",
    "terima menerima penerimaan diterima",
    "kuasa menguasai penguasaan berkuasa",
    "ajar belajar pelajar pelajaran mengajar pengajar",
    "pasok pasokan pemasok",
    "rusak kerusakan merusak",
    "ungsi pengungsi mengungsi pengungsian",
    "banjir kebanjiran",
    "laku melakukan dilakukan pelaku",
    "pengaruh memengaruhi mempengaruhi",
]

# Words that must not meet: Snowball alone would merge each pair.
APART = [
    ("berita", "cita"),
    ("media", "dia"),
    ("perdana", "dana"),
    ("pegawai", "gawai"),
    ("desakan", "desa"),
    ("masalah", "masa"),
    ("kediri", "diri"),
    ("mengatakan", "menata"),
    ("menuai", "tua"),
    ("melayu", "layu"),
    ("kepala", "pala"),
]


@pytest.mark.parametrize("family", FAMILIES, ids=lambda family: family.split()[0])
def test_a_word_family_meets_in_one_stem(family):
    words = family.split()
    assert {word: stem(word) for word in words} == {word: stem(words[0]) for word in words}


@pytest.mark.parametrize(("one", "other"), APART)
def test_unrelated_words_stay_apart(one, other):
    assert stem(one) != stem(other)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("pasukan", "pasukan"),
        ("keberanian", "berani"),
        ("diberitakan", "berita"),
        ("mengonfirmasi", "konfirmasi"),
        ("pembebasan", "bebas"),
        ("bebaskan", "bebas"),
    ],
)
def test_the_over_stemmed_news_words_of_the_issue(word, expected):
    assert stem(word) == expected


def test_every_listed_root_is_its_own_stem_and_every_exception_holds():
    assert all(stem(root) == root for root in ROOTS)
    assert all(stem(word) == expected for word, expected in EXCEPTIONS.items())


def test_numbers_abbreviations_and_short_words_are_kept_as_they_are():
    assert [stem(word) for word in ["2024", "5g", "rp16", "dpr", "as"]] == [
        "2024",
        "5g",
        "rp16",
        "dpr",
        "as",
    ]


def test_folding_drops_case_and_accents():
    assert fold("Rúpiah") == "rupiah"
    assert fold("ÉLITE") == "elite"
    assert terms("Pembebasan KURSK, kata Menteri.") == ["bebas", "kursk", "kata", "menteri"]


def test_stop_words_are_indexed_so_phrases_keep_them():
    assert "yang" in STOP_WORDS and "dan" in STOP_WORDS
    assert terms("harga yang naik") == ["harga", "yang", "naik"]


def test_the_body_text_leaves_out_markup_and_related_links():
    body = (
        '<p>Banjir &amp; longsor.</p><aside class="baca-juga"><strong>Baca Juga:</strong> '
        '<a href="/x/">Harga beras naik</a></aside><p>Warga <em>mengungsi</em>.</p>'
    )
    text = html_text(body)
    assert "Banjir & longsor." in text and "mengungsi" in text
    assert "beras" not in text and "Baca" not in text


def test_an_article_is_analyzed_into_fields_keywords_and_published_words():
    analyzed = analyze(
        headline="Banjir Rendam Bekasi",
        kicker="BANJIR",
        summary="Ribuan rumah terendam.",
        body="<p>Banjir datang lagi. Banjir merendam rumah warga.</p><p>Warga mengungsi.</p>",
        tags=["Banjir", "Bekasi"],
    )
    assert analyzed.headline == ["banjir", "rendam", "bekasi"]
    # The kicker, the summary and each tag are apart: no phrase spans two of them.
    assert analyzed.summary == [
        "banjir",
        None,
        "ribu",
        "rumah",
        "rendam",
        None,
        "banjir",
        None,
        "bekasi",
    ]
    assert analyzed.keywords == ["banjir", "warga"]  # twice or more in the body
    assert analyzed.words["mengungsi"] == "ungsi"
    assert "lagi" not in analyzed.words  # stop words are never suggested
    assert BREAK not in analyzed.terms
