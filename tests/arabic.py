"""A small site in Arabic (its main language, at /) and English (/en/), from short test data:
what a right-to-left edition must get right, in a few claims.

- A claimant whose name is Arabic in every language, said on a date, and a figure (a number):
  on the English page, the name, a comma and an English date must stay in that order (the bug
  was "15 ,منشورات الفيسبوك February 2025"); on the Arabic page they run right to left.
- A claimant whose name is Latin (BBC News), in Arabic text.
- A claim written only in Arabic, so that the English edition shows it in Arabic, marked so.
- Words written with tashkeel, hamza forms, tatweel, ta marbuta and alef maqsura, for search.
- A source in English cited on the Arabic page, and a claimant name carrying an embedding that
  its writer left open (closed at the end of its line, it must reach nothing after it).

The test data is written for these tests; it reports nothing that happened.
"""

from __future__ import annotations

from pathlib import Path

from samples import write_site

RATINGS = """\
ratings:
  - id: accurate
    position: 2
    colour: "#1a7f37"
    label: {ar: صحيح, en: Accurate}
    description: {ar: الادعاء صحيح., en: The claim is right.}
  - id: misleading
    position: 1
    colour: "#b91c1c"
    label: {ar: مضلّل, en: Misleading}
    description: {ar: الادعاء يعطي صورة خاطئة., en: The claim gives a wrong picture.}
  - id: unverifiable
    position: null
    colour: "#4b5563"
    label: {ar: لا يمكن التحقق منه, en: Unverifiable}
    description: {ar: لا توجد أدلة كافية., en: There is not enough evidence.}
"""

TOPICS = """\
topics:
  - id: health
    label: {ar: الصحة, en: Health}
  - id: europe
    label: {ar: أوروبا, en: Europe}
"""

CLAIMANTS = {
    # Arabic in every language: on the English pages it sits among English words.
    "facebook-posts": "id: facebook-posts\nname: منشورات الفيسبوك\nkind: other\n",
    "health-ministry": "id: health-ministry\nname: {ar: وزارة الصحة, en: Ministry of Health}\nkind: government\n",
    "bbc-news": "id: bbc-news\nname: BBC News\nkind: organisation\n",
    # An embedding opened and not closed, as text pasted from elsewhere carries it.
    "city-council": 'id: city-council\nname: "\\u202Bمجلس المدينة"\nkind: government\n',
}

HOSPITAL = """\
id: hospital-beds
claimant: facebook-posts
statement:
  ar: مستشفى المدينة فيه 1200 سرير فقط.
  en: The city hospital has only 1,200 beds.
short:
  ar: منشورات على الفيسبوك تقول إن مستشفى المدينة فيه 1200 سرير
  en: Facebook posts say the city hospital has 1,200 beds
said:
  source: post
  date: 2025-02-15
figure:
  value: 1200
  unit: {ar: سرير, en: beds}
  definition: {ar: الأسرّة في مستشفى المدينة., en: Beds in the city hospital.}
  as_of: 2025-02-15
  not_stated: [window]
  series: beds
  sources: [post]
counter_claims:
  - claimant: health-ministry
    statement:
      ar: في مستشفى المدينة 3400 سرير.[^report]
      en: The city hospital has 3,400 beds.[^report]
    sources: [report]
    figure:
      value: 3400
      unit: {ar: سرير, en: beds}
      definition: {ar: الأسرّة في مستشفى المدينة., en: Beds in the city hospital.}
      as_of: 2025-01-31
      not_stated: [window]
      series: beds
      sources: [report]
  - claimant: city-council
    statement:
      ar: عدد الأسرّة أكثر من 3000.[^report]
      en: There are more than 3,000 beds.[^report]
    sources: [report]
    figure:
      value: 3000
      qualifier: more-than
      unit: {ar: سرير, en: beds}
      definition: {ar: الأسرّة في مستشفى المدينة., en: Beds in the city hospital.}
      as_of: 2024-12
      not_stated: [window]
      series: beds
      sources: [report]
rating: misleading
topics: [health, europe]
summary:
  ar: تقرير الوزارة يذكر 3400 سرير، لا 1200.[^report]
  en: The ministry's report counts 3,400 beds, not 1,200.[^report]
analysis:
  ar: |
    المنشور لا يذكر مصدرًا.[^post] تقرير الوزارة يعدّ الأسرّة في كل الأقسام.[^report]
  en: |
    The post names no source.[^post] The ministry's report counts the beds of every ward.[^report]
published: 2026-10-01
sources:
  post:
    title: منشور على الفيسبوك
    publisher: فيسبوك
    published: 2025-02-15
    language: ar
    url: https://www.facebook.org/example/posts/1
    archive_url: https://web.archive.org/web/20250215/https://www.facebook.org/example/posts/1
  report:
    title: Hospital capacity report
    publisher: Ministry of Health
    published: 2025-01-31
    language: en
    url: https://health.example.org/report
    archive_url: https://web.archive.org/web/20250201/https://health.example.org/report
"""

#: Written in Arabic only: the English edition shows it as it is, marked as not translated.
EUROPE = """\
id: europe-visas
claimant: bbc-news
statement: تقول BBC News إن 27 دولة أوروبية ألغت التأشيرات.
short: BBC News تقول إن 27 دولة أوروبية ألغت التأشيرات
said:
  source: broadcast
  date: 2025-02-10
rating: unverifiable
topics: [europe]
summary: لم نجد ما يؤكد الرقم 27.[^broadcast][^note]
analysis: |
  الرقم 27 غير مذكور في البث.[^broadcast] ولا في البيان الرسمي.[^note]
published: 2026-10-02
sources:
  broadcast:
    title: نشرة الأخبار
    publisher: BBC News
    published: 2025-02-10
    language: ar
    url: https://www.bbc.example.org/arabic/broadcast
    archive_url: https://web.archive.org/web/20250210/https://www.bbc.example.org/arabic/broadcast
  note:
    title: البيان الرسمي
    publisher: الاتحاد الأوروبي
    published: 2025-02-11
    language: ar
    url: https://europa.example.org/statement
    archive_url: https://web.archive.org/web/20250211/https://europa.example.org/statement
"""

CLAIMS = {"hospital-beds": HOSPITAL, "europe-visas": EUROPE}
#: Searches in Arabic written another way than the data, and the claims each must find.
SEARCHES = [
    ("مضلل", ["hospital-beds"]),  # the rating is written with a shadda: مضلّل
    ("مـضـلّـل", ["hospital-beds"]),  # with tatweel and the shadda
    ("اوروبا", ["hospital-beds", "europe-visas"]),  # the topic is written with a hamza: أوروبا
    ("إوروبا", ["hospital-beds", "europe-visas"]),
    ("المدينه", ["hospital-beds"]),  # ta marbuta written as ha
    ("مستشفي", ["hospital-beds"]),  # alef maqsura written as ya
    ("٢٧ دولة", ["europe-visas"]),  # Arabic-Indic digits
    ("bbc", ["europe-visas"]),
]


def write_arabic_site(root: Path) -> Path:
    """The site's sources in ``root`` (build it with samples.build_site or mkdocs)."""
    root = write_site(
        root,
        language="ar",
        extra_languages=("en",),
        claims=CLAIMS,
        claimants=CLAIMANTS,
        ratings=RATINGS,
        topics=TOPICS,
        per_page=10,
    )
    (root / "content" / "index.md").write_text("---\ntemplate: home.html\n---\n\n# الرئيسية\n", encoding="utf-8")
    (root / "content" / "en" / "index.md").write_text("---\ntemplate: home.html\n---\n\n# Home\n", encoding="utf-8")
    return root
