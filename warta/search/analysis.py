"""Indonesian text analysis, the same for the index and the query, on both backends.

Neither database stems anything: words are folded and stemmed here, and SQLite and PostgreSQL
store and look up the resulting terms verbatim, so both find exactly the same articles.

The stemmer is Snowball's Indonesian (PyStemmer; the algorithm of PostgreSQL's `indonesian`
configuration), corrected where it over-stems news words. Snowball has no dictionary, so it
strips "ber" from "berita", "me" from "menteri", "-lah" from "sekolah" and "-i" from "pantai",
and it cannot undo the nasal assimilation of meN-/peN- ("mengatakan" becomes "ata", not
"kata"). ROOTS lists the news words it gets wrong and the roots the corrections may restore;
tests/search/test_analysis.py holds the word families that must meet.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape

import Stemmer

WORD = re.compile(r"[^\W_]+")
# Longer "words" are URLs, hashes or noise; PostgreSQL also limits a lexeme's length.
MAX_TERM = 60

# Words that carry no subject. They are indexed (so that a quoted phrase containing them still
# matches word for word) but dropped from unquoted queries.
STOP_WORDS = frozenset(
    """
    ada adalah agar akan akankah aku amat anda antara apa apakah atas atau bagaimana bagi
    bahkan bahwa baik banyak beberapa begitu belum berapa bila bisa boleh bukan dalam dan dapat
    dari daripada demi dengan di dia dini eh hal hampir hanya harus hingga ia ialah ini itu jadi
    jangan jika juga kalau kami kamu kapan karena ke kecuali kemudian kenapa kepada ketika kini
    kita lagi lain lalu maka mampu masih mau maupun melainkan meski meskipun mereka mungkin
    namun nya oleh pada padahal para pernah per pula pun saat saja sambil sampai sang sangat
    saya se sebab sebagai sebelum sedang sehingga sejak selain seluruh semua seperti serta
    sesudah setelah sini situ si sudah supaya tak tanpa tapi telah tentang terhadap tersebut
    tetapi tiap tidak untuk walau walaupun yaitu yakni yang
    """.split()
)

# News words and roots Snowball over-stems, and roots the corrections below may restore.
ROOTS = frozenset(
    """
    abai andai badai bagai balai bantai belai cabai capai damai gawai lalai landai lantai nilai
    pakai pandai pantai pegawai ramai rantai sampai santai selesai sungai tirai tunai urai usai

    bajak banyak cetak desak duduk gerak injak jebak ledak masak masuk ombak pasok pijak rombak
    rusak sorak tabrak tembak teriak tindak

    istilah kalah lelah masalah nikah salah sebelah sekolah seolah setelah sejarah

    berani berat berita beras beranda berkas bersih digital ekonomi kelapa kelompok keluarga
    kemarau kemudian kendala kendali kendaraan kepala kereta kerbau ketika ketua maluku medali
    media melayu memori menteri merdeka mereka pasukan peluru pemilu pemuda pemudi penjara
    perahu perdana perempuan perintah perkara pertama pesawat pesisir peristiwa peringkat
    perangkat peroleh pengaruh pekan sepekan selatan sendiri sesuai teknologi terima teliti

    wartawan karyawan ilmuwan sejarawan budayawan relawan dermawan negarawan seniman

    kata kaji kalah kejar kejut kelola keluar keluh kemas kembali kembang kemuka kena kenal
    kerah kerja kesan ketik khawatir kirim klaim komentar konfirmasi konsumsi kontrol kritik
    kuasa kuat kubur kukuh kumpul kunjung kupas kuras kurang kutip

    tahan tambah tampil tanam tanda tangan tanggap tanggung tangkap tanya tarik taruh tata
    tawar tegak tegas tekan tekun teman temu tempuh tentu terang terap terbang terus tetap
    tetes tiada timbang tinggal tingkat tinjau tipis tipu tiru tolak tolong tuduh tugas tuju
    tular tumbuh tunda tunggu tunjuk tuntut turun turut tutup tutur

    rancang rawat rebut rekam rekrut remuk renang rencana rendam ribut rintis robek runtuh

    naik nanti nikah nikmat maaf main makan masak mati milik minta muat muda mula nyala nyanyi nyata

    digitalisasi rumah tuai tulis

    asean balikpapan kalimantan kediri kemayoran kemenkes kemenkeu kendari kuningan labuan
    lamongan meksiko merauke pakistan pekalongan pekanbaru pemalang pertamina saudi senayan
    ternate
    """.split()
)

# Single words the rules cannot reach.
EXCEPTIONS = {
    "pelaku": "laku",
    "pelakunya": "laku",
    "memengaruhi": "pengaruh",
    "mempengaruhi": "pengaruh",
    "dipengaruhi": "pengaruh",
    "terpengaruh": "pengaruh",
    "memperoleh": "peroleh",
    "diperoleh": "peroleh",
    "perolehan": "peroleh",
}

VOWELS = frozenset("aiueo")
_snowball = Stemmer.Stemmer("indonesian")
# Roots whose own Snowball stem is something else, by that stem: a word that stems to the same
# thing and still contains the root ("pemberitaan" -> "ita", containing "berita") is the root's.
_LONGEST_FIRST = sorted(ROOTS, key=lambda root: (-len(root), root))
_OVERSTEMMED: dict[str, list[str]] = {}
for _root in _LONGEST_FIRST:
    _stem = _snowball.stemWord(_root)
    if _stem != _root:
        _OVERSTEMMED.setdefault(_stem, []).append(_root)


def fold(word: str) -> str:
    """Lower case without accents, letters and digits only: 'Rúpiah' and 'rupiah' are one."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(
        char
        for char in decomposed
        if not unicodedata.category(char).startswith("M") and (char.isalnum())
    )


def _variants(stem: str) -> tuple[str, ...]:
    return (stem, stem + "i", stem + "k")


def _nasal(word: str, stemmed: str) -> str | None:
    """The root a prefix hid: mengatakan -> kata, menaikkan -> naik, terendam -> rendam.

    Before a vowel, men-/pen- stands for a dropped t or a root's own n (never for a vowel, which
    takes meng-), so such a stem gets its t back even when the root is not listed: "menulis",
    "penulis" and "tulis" meet. meng-, meny-, mem- and ter-/ber-/per- before a vowel are
    ambiguous (mengajar is ajar, mengirim is kirim), so only listed roots are restored there.
    """
    if stemmed[:1] in VOWELS and word[3:4] in VOWELS and word.startswith(("men", "pen")):
        for initial in ("n", "t"):
            for candidate in _variants(initial + stemmed):
                if candidate in ROOTS and candidate[1:] in word:
                    return candidate
        return "t" + stemmed
    if word[4:5] in VOWELS and word.startswith(("meng", "peng")):
        candidates = _variants("k" + stemmed)
    elif word[4:5] in VOWELS and word.startswith(("meny", "peny")) and stemmed[:1] == "s":
        candidates = _variants("ny" + stemmed[1:])
    elif word[3:4] in VOWELS and word.startswith(("mem", "pem")) and stemmed[:1] == "p":
        candidates = _variants("m" + stemmed[1:])
    elif word[3:4] in VOWELS and word.startswith(("ter", "ber", "per")):
        candidates = _variants("r" + stemmed)  # terendam is ter + rendam
    else:
        return None
    for candidate in candidates:
        if candidate in ROOTS and candidate[1:] in word:
            return candidate
    return None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one folded word."""
    if word in EXCEPTIONS:
        return EXCEPTIONS[word]
    if word in ROOTS or not word.isalpha() or len(word) < 4:
        return word
    stemmed = _snowball.stemWord(word)
    restored = _nasal(word, stemmed)
    if restored:
        return restored
    # A listed root that contains the stem and appears in the word: Snowball cut too much
    # ("desakan" is desak + an, "kepegawaian" is about pegawai, not gawai).
    for root in _LONGEST_FIRST:
        if len(root) > len(stemmed) and stemmed in root and root in word:
            return root
    for root in _OVERSTEMMED.get(stemmed, ()):
        if root in word:
            return root
    if stemmed not in ROOTS and stemmed[:3] in ("per", "ber", "ter") and stemmed[3:] in ROOTS:
        return stemmed[3:]  # memperkuat -> perkuat -> kuat
    return stemmed


def words(text: str) -> Iterator[tuple[str, int, int]]:
    """(folded word, start, end) for each word of text, with offsets into text."""
    for match in WORD.finditer(text):
        folded = fold(match.group())
        if folded and len(folded) <= MAX_TERM:
            yield folded, match.start(), match.end()


def terms(text: str) -> list[str]:
    """The stems of text, in order, stop words included."""
    return [stem(word) for word, _start, _end in words(text)]


# Documents ---------------------------------------------------------------------------------

# How many positions a field may take: PostgreSQL keeps positions up to 16383 only.
MAX_HEADLINE = 120
MAX_SUMMARY = 400
MAX_BODY = 15_000
# A body's keywords: its most repeated stems, which say what the article is about.
KEYWORDS = 20
KEYWORD_MIN_COUNT = 2
# Marks a break inside a field (between the kicker, the summary and the tags), so that no
# phrase matches across it. No query term can be this: it is not a letter or a digit.
BREAK = "·"
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|figure)>|<br\s*/?>", re.IGNORECASE)
_RELATED = re.compile(r"<aside\b.*?</aside>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def html_text(html: str) -> str:
    """The reading text of a body: no markup, no "Baca Juga" boxes pointing elsewhere."""
    text = _RELATED.sub(" ", html)
    text = _BLOCK_END.sub("\n", text)
    return unescape(_TAG.sub(" ", text))


@dataclass
class Analyzed:
    """One article as the index stores it: terms per field, in order; None marks a break."""

    headline: list[str | None]
    summary: list[str | None]
    body: list[str | None]
    keywords: list[str]
    words: dict[str, str] = field(default_factory=dict)

    @property
    def terms(self) -> set[str]:
        found = {term for term in self.headline if term}
        found.update(term for term in self.summary if term)
        found.update(term for term in self.body if term)
        return found

    @property
    def pairs(self) -> set[str]:
        """Each two terms side by side in a field, as one term (pair("korea", "utara")): they
        let the index find a phrase's articles before positions are read to confirm it."""
        found: set[str] = set()
        for terms in (self.headline, self.summary, self.body):
            found.update(
                pair(one, two) for one, two in zip(terms, terms[1:], strict=False) if one and two
            )
        return found


def pair(one: str, two: str) -> str:
    """Two terms side by side, as one term no word can be (BREAK is no letter or digit)."""
    return f"{one}{BREAK}{two}"


def _field(parts: list[str], limit: int, vocabulary: dict[str, str]) -> list[str | None]:
    out: list[str | None] = []
    for part in parts:
        if out:
            out.append(None)
        for word, _start, _end in words(part):
            term = stem(word)
            out.append(term)
            if word.isalpha() and len(word) > 2 and word not in STOP_WORDS:
                vocabulary.setdefault(word, term)
    return out[:limit]


def analyze(
    *, headline: str, summary: str = "", body: str = "", kicker: str = "", tags: Sequence[str] = ()
) -> Analyzed:
    """Analyze an article's fields; the body is HTML, the rest plain text."""
    vocabulary: dict[str, str] = {}
    analyzed = Analyzed(
        headline=_field([headline], MAX_HEADLINE, vocabulary),
        summary=_field([kicker, summary, *tags], MAX_SUMMARY, vocabulary),
        body=_field([html_text(body)], MAX_BODY, vocabulary),
        keywords=[],
        words=vocabulary,
    )
    counts = Counter(
        term for term in analyzed.body if term and term.isalpha() and term not in STOP_WORDS
    )
    analyzed.keywords = [
        term for term, count in counts.most_common(KEYWORDS) if count >= KEYWORD_MIN_COUNT
    ]
    return analyzed
