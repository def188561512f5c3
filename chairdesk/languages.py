"""A person's language by name or by code, for the letters (RULES.md §5: English not the first language).

``Participant.language`` is what the chair typed: "Polish", "polski", "pl", "cym", "Welsh", "ar-EG". A council's
templates folder may hold a folder per language named either way (``templates/cy/`` or ``templates/Welsh/``). This
module says whether two of these name the same language, and gives its name in English for a letter. It is a short
table of the languages most often needed in the UK's child protection conferences (ISO 639-1 and 639-2/3 codes,
English and own names) rather than a dependency: anything not in it matches only itself, letter for letter.
"""

from __future__ import annotations

import re

# English name: the codes and other names it is known by (ISO 639-1, 639-2/B and T, 639-3; own name).
_TABLE: dict[str, tuple[str, ...]] = {
    "English": ("en", "eng"),
    "Welsh": ("cy", "cym", "wel", "cymraeg"),
    "Scottish Gaelic": ("gd", "gla", "gaelic", "gàidhlig"),
    "Irish": ("ga", "gle", "gaeilge"),
    "Polish": ("pl", "pol", "polski"),
    "Romanian": ("ro", "ron", "rum", "română", "romana"),
    "Lithuanian": ("lt", "lit", "lietuvių"),
    "Latvian": ("lv", "lav", "latviešu"),
    "Bulgarian": ("bg", "bul", "български"),
    "Czech": ("cs", "ces", "cze", "čeština"),
    "Slovak": ("sk", "slk", "slo", "slovenčina"),
    "Hungarian": ("hu", "hun", "magyar"),
    "Russian": ("ru", "rus", "русский"),
    "Ukrainian": ("uk", "ukr", "українська"),
    "Albanian": ("sq", "sqi", "alb", "shqip"),
    "Portuguese": ("pt", "por", "português"),
    "Spanish": ("es", "spa", "español"),
    "French": ("fr", "fra", "fre", "français"),
    "Italian": ("it", "ita", "italiano"),
    "German": ("de", "deu", "ger", "deutsch"),
    "Turkish": ("tr", "tur", "türkçe"),
    "Kurdish": ("ku", "kur", "kurdî", "sorani", "kurmanji"),
    "Arabic": ("ar", "ara", "العربية"),
    "Hebrew": ("he", "heb", "iw", "עברית"),
    "Persian": ("fa", "fas", "per", "farsi", "فارسی"),
    "Pashto": ("ps", "pus", "پښتو"),
    "Dari": ("prs",),
    "Urdu": ("ur", "urd", "اردو"),
    "Punjabi": ("pa", "pan", "panjabi", "ਪੰਜਾਬੀ"),
    "Bengali": ("bn", "ben", "bangla", "বাংলা"),
    "Sylheti": ("syl",),
    "Gujarati": ("gu", "guj", "ગુજરાતી"),
    "Hindi": ("hi", "hin", "हिन्दी"),
    "Tamil": ("ta", "tam", "தமிழ்"),
    "Somali": ("so", "som", "soomaali"),
    "Tigrinya": ("ti", "tir", "ትግርኛ"),
    "Amharic": ("am", "amh", "አማርኛ"),
    "Chinese": ("zh", "zho", "chi", "中文"),
    "Mandarin": ("cmn",),
    "Cantonese": ("yue",),
    "Vietnamese": ("vi", "vie", "tiếng việt"),
    "Tagalog": ("tl", "tgl", "filipino", "fil"),
    "British Sign Language": ("bfi", "bsl"),
}
_KEYS: dict[str, str] = {}
for _name, _others in _TABLE.items():
    for _alias in (_name, *_others):
        _KEYS[_alias.casefold()] = _name


def _key(text: str) -> str:
    """``"pl-PL"`` and ``"pl_PL"`` as ``"pl"``; a name as it is, without case or spaces either side."""
    text = " ".join(text.split()).casefold()
    if text in _KEYS:
        return text
    first = re.split(r"[-_]", text, maxsplit=1)[0]
    return first if first in _KEYS else text


def name_of(language: str) -> str:
    """The language's name in English ("pl" → "Polish"); what was typed, when it is not in the table."""
    key = _key(language)
    return _KEYS.get(key, " ".join(language.split()))


def is_english(language: str) -> bool:
    """No language given is English (``Participant.language``: "" is English)."""
    return not language.strip() or name_of(language) == "English"


def same_language(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` name one language ("cy", "Welsh" and "Cymraeg" do)."""
    if not a.strip() or not b.strip():
        return False
    return name_of(a).casefold() == name_of(b).casefold()
