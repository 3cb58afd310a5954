"""The abbreviations and names Indonesian news uses every day; admins add the rest."""

from django.db import migrations

# (term, equivalents separated by commas, both ways)
STARTER = [
    ("Korut", "Korea Utara", True),
    ("Korsel", "Korea Selatan", True),
    ("AS", "Amerika Serikat", True),
    ("RI", "Republik Indonesia", True),
    ("Pemilu", "pemilihan umum", True),
    ("Pilkada", "pemilihan kepala daerah", True),
    ("Pilpres", "pemilihan presiden", True),
    ("Pileg", "pemilihan legislatif", True),
    ("Capres", "calon presiden", True),
    ("Cawapres", "calon wakil presiden", True),
    ("Caleg", "calon legislatif", True),
    ("Wapres", "wakil presiden", True),
    ("DPR", "Dewan Perwakilan Rakyat", True),
    ("DPRD", "Dewan Perwakilan Rakyat Daerah", True),
    ("DPD", "Dewan Perwakilan Daerah", True),
    ("MPR", "Majelis Permusyawaratan Rakyat", True),
    ("KPK", "Komisi Pemberantasan Korupsi", True),
    ("KPU", "Komisi Pemilihan Umum", True),
    ("Bawaslu", "Badan Pengawas Pemilu", True),
    ("MK", "Mahkamah Konstitusi", True),
    ("MA", "Mahkamah Agung", True),
    ("BI", "Bank Indonesia", True),
    ("OJK", "Otoritas Jasa Keuangan", True),
    ("BPS", "Badan Pusat Statistik", True),
    ("BMKG", "Badan Meteorologi Klimatologi dan Geofisika", True),
    ("BNPB", "Badan Nasional Penanggulangan Bencana", True),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", True),
    ("Basarnas", "Badan SAR Nasional", True),
    ("TNI", "Tentara Nasional Indonesia", True),
    ("Polri", "Kepolisian Negara Republik Indonesia, Kepolisian Republik Indonesia", True),
    ("Polda", "Kepolisian Daerah", True),
    ("BUMN", "Badan Usaha Milik Negara", True),
    ("UMKM", "usaha mikro kecil dan menengah", True),
    ("APBN", "Anggaran Pendapatan dan Belanja Negara", True),
    ("APBD", "Anggaran Pendapatan dan Belanja Daerah", True),
    ("BBM", "bahan bakar minyak", True),
    ("PHK", "pemutusan hubungan kerja", True),
    ("PBB", "Perserikatan Bangsa-Bangsa, Pajak Bumi dan Bangunan", True),
    ("KTT", "konferensi tingkat tinggi", True),
    ("WNI", "warga negara Indonesia", True),
    ("WNA", "warga negara asing", True),
    ("KBRI", "Kedutaan Besar Republik Indonesia", True),
    ("Menlu", "menteri luar negeri", True),
    ("Menkeu", "menteri keuangan", True),
    ("Kemenkeu", "Kementerian Keuangan", True),
    ("Kemenkes", "Kementerian Kesehatan", True),
    ("Kemendikbud", "Kementerian Pendidikan dan Kebudayaan", True),
    ("Pemda", "pemerintah daerah", True),
    ("Pemprov", "pemerintah provinsi", True),
    ("Pemkot", "pemerintah kota", True),
    ("Pemkab", "pemerintah kabupaten", True),
    ("PNS", "pegawai negeri sipil", True),
    ("ASN", "aparatur sipil negara", True),
    ("CPNS", "calon pegawai negeri sipil", True),
    ("BPJS", "Badan Penyelenggara Jaminan Sosial", True),
    ("Bansos", "bantuan sosial", True),
    ("THR", "tunjangan hari raya", True),
    ("UMR", "upah minimum regional", True),
    ("UMP", "upah minimum provinsi", True),
    ("IKN", "Ibu Kota Nusantara", True),
    ("PLN", "Perusahaan Listrik Negara", True),
    ("KAI", "Kereta Api Indonesia", True),
    ("KRL", "kereta rel listrik", True),
    ("MRT", "moda raya terpadu", True),
    ("LRT", "lintas rel terpadu", True),
    ("DBD", "demam berdarah", True),
    ("AI", "kecerdasan buatan, artificial intelligence", True),
    ("Medsos", "media sosial", True),
    ("Ponsel", "telepon seluler", True),
    ("Timnas", "tim nasional", True),
    ("Jatim", "Jawa Timur", True),
    ("Jateng", "Jawa Tengah", True),
    ("Jabar", "Jawa Barat", True),
    ("Sumut", "Sumatera Utara, Sumatra Utara", True),
    ("Sumbar", "Sumatera Barat, Sumatra Barat", True),
    ("Sulsel", "Sulawesi Selatan", True),
    ("Kaltim", "Kalimantan Timur", True),
    ("NTT", "Nusa Tenggara Timur", True),
    ("NTB", "Nusa Tenggara Barat", True),
    ("DIY", "Daerah Istimewa Yogyakarta", True),
    ("Jogja", "Yogyakarta, Yogya", True),
    ("Sumatera", "Sumatra", True),
    ("Jabodetabek", "Jakarta, Bogor, Depok, Tangerang, Bekasi", False),
]


def add(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, means, both_ways in STARTER:
        if not Synonym.objects.filter(term=term).exists():
            Synonym.objects.create(term=term, means=means, both_ways=both_ways)


def remove(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, means, both_ways in STARTER:
        Synonym.objects.filter(term=term, means=means, both_ways=both_ways).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
