"""HTML pages -> one record (toolkit.corpus.formats.html)."""

from __future__ import annotations

import codecs
import json

import pytest

from toolkit.corpus.formats import parse_html
from toolkit.errors import CorpusFormatError

AR_PAGE = """<!DOCTYPE html>
<html lang="ar-TN" dir="rtl">
<head>
<meta charset="{charset}">
<title>بيان وزارة الداخلية</title>
<style>p {{ color: red }}</style>
<script>var nav = "<p>not text</p>";</script>
</head>
<body>
<header><h1>جوهرة أف أم</h1><nav><ul><li>الرئيسية</li><li>سياسة</li></ul></nav></header>
<main>
<article>
<h2>بيان   وزارة
الداخلية</h2>
<p>أكدت وزارة الداخلية أن الوحدات الأمنية تمكنت من  إحباط مخطط إرهابي.</p>
<p>وأضاف البيان<br>أن التحقيقات متواصلة &amp; مستمرة.</p>
<aside>اقرأ أيضا: خبر آخر</aside>
<form><input value="بحث"><button>ابحث</button></form>
</article>
</main>
<footer>جميع الحقوق محفوظة</footer>
<noscript>فعّل جافاسكريبت</noscript>
</body>
</html>"""

AR_TEXT = ("بيان وزارة الداخلية\n\n"
           "أكدت وزارة الداخلية أن الوحدات الأمنية تمكنت من إحباط مخطط إرهابي.\n\n"
           "وأضاف البيان\nأن التحقيقات متواصلة & مستمرة.")


def parse_one(data, **kwargs):
    records, issues = parse_html(data, name=kwargs.pop("name", "p.html"), **kwargs)
    assert len(records) == 1
    return records[0], issues


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1256"])
def test_arabic_page_main_text_and_metadata(encoding):
    record, issues = parse_one(AR_PAGE.format(charset=encoding).encode(encoding))
    assert issues == []
    assert record["text"] == AR_TEXT
    assert record["title"] == "بيان وزارة الداخلية" and record["lang"] == "ar"
    assert record["encoding"] == codecs.lookup(encoding).name
    assert record["date"] is None and record["url"] is None and record["_path"] == "p.html"


def test_str_input_has_no_encoding_key():
    record, _ = parse_one(AR_PAGE.format(charset="utf-8"))
    assert record["text"] == AR_TEXT and "encoding" not in record


def test_dropped_elements_never_reach_the_text():
    page = ("<body><script>s()</script><style>.a{}</style><noscript>ns</noscript><nav>nav</nav>"
            "<header>hd</header><footer>ft</footer><aside>as</aside><form>fm</form>"
            "<svg><title>svg title</title><text>svg</text></svg><template>tp</template>"
            "<p>kept</p></body>")
    record, _ = parse_one(page)
    assert record["text"] == "kept" and record["title"] is None


def test_body_is_used_without_article_or_main():
    page = "<html><body><div>One <b>bold</b>\n  word</div><div>Two</div>Tail</body></html>"
    assert parse_one(page)[0]["text"] == "One bold word\n\nTwo\n\nTail"


def test_largest_article_is_preferred():
    page = ("<body><p>site intro</p><article><p>short teaser text</p></article>"
            "<article><p>" + "the real story " * 10 + "</p><p>end</p></article></body>")
    text = parse_one(page)[0]["text"]
    assert text.startswith("the real story") and text.endswith("end") and "teaser" not in text


def test_main_is_used_when_there_is_no_article():
    page = "<body><div>menu junk</div><main><p>content</p><p>more content</p></main></body>"
    assert parse_one(page)[0]["text"] == "content\n\nmore content"


def test_tiny_article_does_not_hide_the_page():
    page = "<body><article>card</article><div>" + "the page itself " * 20 + "</div></body>"
    text = parse_one(page)[0]["text"]
    assert text.startswith("card\n\nthe page itself")


def test_lists_tables_and_line_breaks():
    page = ("<article><ul><li>one<li>two</ul><table><tr><td>a<td>b</tr><tr><th>c</th><th>d</th></tr>"
            "</table><p>x<br/>y<br>z</p><h3>Heading</h3>after</article>")
    assert parse_one(page)[0]["text"] == "one\n\ntwo\n\na b\n\nc d\n\nx\ny\nz\n\nHeading\n\nafter"


def test_entities_and_nbsp():
    page = "<p>caf&eacute;&nbsp;&nbsp;cr&egrave;me &lt;b&gt; &#1576;&#x64A;&#1575;&#1606; &amp;&amp</p>"
    assert parse_one(page)[0]["text"] == "café crème <b> بيان &&"


@pytest.mark.parametrize("head, expected", [
    ('<meta property="og:title" content="OG"><title>T</title>', "OG"),
    ("<title> Site  |\n Page </title>", "Site | Page"),
    ("", "First"),
])
def test_title_precedence(head, expected):
    page = f"<html><head>{head}</head><body><h1>First</h1><h1>Second</h1><p>x</p></body></html>"
    assert parse_one(page)[0]["title"] == expected


def _ld(date):
    return ('<script type="application/ld+json">'
            + json.dumps({"@context": "https://schema.org", "@graph": [
                {"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": date}]})
            + "</script>")


DATE_SOURCES = [
    '<meta property="article:published_time" content="2015-01-01">',
    '<meta property="og:published_time" content="2015-01-02">',
    _ld("2015-01-03"),
    '<meta name="DC.date.issued" content="2015-01-04">',
    '<time datetime="2015-01-05">5 janvier</time>',
]


@pytest.mark.parametrize("first", range(len(DATE_SOURCES)))
def test_date_precedence(first):
    # all sources from `first` on are present, in reverse order in the page: the best one wins
    page = "<html><head>" + "".join(reversed(DATE_SOURCES[first:])) + "</head><body><p>x</p></body></html>"
    assert parse_one(page)[0]["date"] == f"2015-01-0{first + 1}"


@pytest.mark.parametrize("meta_name", ["date", "dc.date", "DC.date.issued", "pubdate", "publishdate"])
def test_date_meta_names(meta_name):
    page = f'<meta name="{meta_name}" content="26/12/2017"><p>x</p>'
    assert parse_one(page)[0]["date"] == "26/12/2017"


def test_invalid_json_ld_is_ignored():
    page = '<script type="application/ld+json">{broken</script><time datetime="2016-03-07">x</time><p>t</p>'
    record, issues = parse_one(page)
    assert record["date"] == "2016-03-07" and issues == []


@pytest.mark.parametrize("attrs, expected", [
    ('lang="ar-TN"', "ar"), ('lang="FR"', "fr"), ('lang="en-US"', "en"), ("", None), ('lang=""', None),
])
def test_lang_from_html_tag(attrs, expected):
    assert parse_one(f"<html {attrs}><body><p>x</p></body></html>")[0]["lang"] == expected


@pytest.mark.parametrize("head, expected", [
    ('<link rel="canonical" href="https://a.tn/1"><meta property="og:url" content="https://og/2">',
     "https://a.tn/1"),
    ('<meta property="og:url" content="https://og/2">', "https://og/2"),
    ("", None),
])
def test_url_precedence(head, expected):
    assert parse_one(f"<head>{head}</head><p>x</p>")[0]["url"] == expected


# --------------------------------------------------------------------------- charsets
def test_http_equiv_charset_is_honoured():
    page = ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
            "<p>بيان ختامي</p>").encode("cp1256")
    record, _ = parse_one(page)
    assert record["text"] == "بيان ختامي" and record["encoding"] == "cp1256"


def test_latin1_declaration_is_read_as_cp1252():
    page = '<meta charset="iso-8859-1"><p>\u201cCommuniqué\u201d</p>'.encode("cp1252")  # bytes 93, 94
    record, _ = parse_one(page)
    assert record["text"] == "\u201cCommuniqué\u201d" and record["encoding"] == "cp1252"


def test_bom_beats_meta_charset():
    page = codecs.BOM_UTF8 + '<meta charset="windows-1256"><p>بيان</p>'.encode("utf-8")
    record, _ = parse_one(page)
    assert record["text"] == "بيان" and record["encoding"] == "utf-8-sig"


def test_page_saved_as_utf8_but_declaring_cp1256_is_read_as_utf8():
    record, _ = parse_one('<meta charset="windows-1256"><p>بيان</p>'.encode("utf-8"))
    assert record["text"] == "بيان" and record["encoding"] == "utf-8"


def test_wrong_utf8_declaration_falls_back_to_detection():
    record, _ = parse_one('<meta charset="utf-8"><p>بيان ختامي صادر عن القمة</p>'.encode("cp1256"))
    assert record["text"] == "بيان ختامي صادر عن القمة" and record["encoding"] == "cp1256"


def test_explicit_encoding_overrides_meta():
    page = '<meta charset="windows-1256"><p>Déclaration</p>'.encode("latin-1")
    record, _ = parse_one(page, encoding="latin-1")
    assert record["text"] == "Déclaration" and record["encoding"] == "latin-1"


def test_unknown_charset_is_ignored():
    record, _ = parse_one('<meta charset="x-no-such-codec"><p>ok é</p>'.encode("utf-8"))
    assert record["text"] == "ok é"


def test_binary_data_raises():
    with pytest.raises(CorpusFormatError, match="binary"):
        parse_html(b"\x00\x01\x02\x03" * 50, name="img.html")


# --------------------------------------------------------------------------- broken pages
@pytest.mark.parametrize("page, expected", [
    ("<p>one<p>two", "one\n\ntwo"),
    ("<div><p>unclosed <b>bold <i>both</div></span></p>after", "unclosed bold both\n\nafter"),
    ("<![if !supportLists]>x<![endif]><!-- comment --><?php echo 1 ?><p>ok</p>", "x\n\nok"),
    ("<article><p>a</p>", "a"),                          # article never closed
    ("<nav>menu</nav><p>x</p></nav><p>y</p>", "x\n\ny"),  # stray end tag
    ("<p>a</p><script>if (a < b) { x = '</div>'; }</script><p>b</p>", "a\n\nb"),
])
def test_broken_html_does_not_raise(page, expected):
    assert parse_one(page)[0]["text"] == expected


@pytest.mark.parametrize("page", [
    "<html><body><script>document.write('x')</script></body></html>",
    "<nav>menu only</nav>",
    "",
])
def test_page_without_text_is_reported_and_raises_when_strict(page):
    record, issues = parse_one(page)
    assert record["text"] == "" and len(issues) == 1 and "no visible text" in issues[0].message
    with pytest.raises(CorpusFormatError, match="no visible text") as info:
        parse_html(page, name="js.html", strict=True)
    assert info.value.path == "js.html"
