"""Markdown that made Python-Markdown (and some other engines) slow down quadratically: runs of
unclosed brackets, nested inline patterns, raw HTML, list and quote markers, things the
linkifier looks at. Used by tests/test_markup.py and benchmarks/markdown_render.py; GUARD_UNITS
does the same for the privacy guard's patterns (tests/test_privacy.py)."""

# name -> the unit repeated to the wanted length
PATHOLOGICAL_UNITS = {
    "unclosed [": "[",
    "unclosed ![": "![",
    "unclosed [a](": "[a](",
    "unclosed [](": "[](",
    "nested _[": "_[",
    "nested ![[": "![[",
    "emphasis *_": "*_",
    "emphasis a_": "a_",
    "strong **a": "**a",
    "code `a": "`a",
    "raw <a ": "<a ",
    "raw <": "<",
    "raw <![CDATA[": "<![CDATA[",
    "raw <!--": "<!--",
    "entities &#": "&#",
    "list -\\n": "-\n",
    "quotes > ": "> ",
    "quotes >\\n": ">\n",
    "table a|\\n": "a|\n",
    "reference [x]: ": "[x]: ",
    "escapes \\\\": "\\",
    "links www.a": "www.a",
    "links http://a": "http://a",
    "mail a@": "a@",
}


def pathological_inputs(length):
    """{name: text of exactly `length` characters} for every unit, plus nested lists."""
    inputs = {
        name: (unit * (length // len(unit) + 1))[:length]
        for name, unit in PATHOLOGICAL_UNITS.items()
    }
    nested = "".join("  " * (depth % 200) + "- a\n" for depth in range(length))
    inputs["nested lists"] = nested[:length]
    return inputs


def ordinary_text(length):
    """Ordinary forum prose of `length` characters: the reference the inputs compare with."""
    paragraph = (
        "Bij het **signaleren** van zorgen gebruik ik de stappen van de meldcode. Eerst breng "
        "ik de signalen in kaart, daarna overleg ik met een collega en zo nodig met "
        "[Veilig Thuis](https://veiligthuis.nl). Wat doen jullie als ouders *niet* willen "
        "meewerken?\n\n- signalen vastleggen\n- collega raadplegen\n\n"
    )
    return (paragraph * (length // len(paragraph) + 1))[:length]


# Plain text that would make a careless privacy-guard pattern backtrack: long runs of what a
# pattern looks for, without the ending it needs. name -> the unit repeated to the wanted length
GUARD_UNITS = {
    "digits with spaces": "1 ",
    "digits with hyphens": "1-",
    "digit groups": "12 345 ",
    "(at) repeated": "a (at) ",
    "[at] and [dot] repeated": "a [at] a [dot] ",
    "punt repeated": "a punt ",
    "apenstaartje repeated": "a apenstaartje ",
    "capitalised words": "Jansen ",
    "first names": "Jan ",
    "full names": "Jan de Vries ",
    "role word and name": "moeder Jan ",
    "role word and lower-case name": "moeder jan ",
    "role word and parenthesis": "moeder (",
    "first name and parenthesis": "Sanne (",
    "first name and age": "Sanne, 8 ",
    "case words": "kenmerk ",
    "house number words": "op nummer ",
    "lower-case postcodes": "1234 ab ",
    "street and nummer": "Kerkstraat, nummer ",
}


def guard_inputs(length):
    """{name: plain text of `length` characters} for the privacy guard: every unit repeated,
    the same with its ending spoilt, and single candidates stretched over the whole text."""
    inputs = {}
    for name, unit in GUARD_UNITS.items():
        run = guard_inputs_run(unit, length)
        inputs[name] = run
        inputs[f"{name}, spoilt ending"] = "x" + run[1:-1] + "!"
    hyphens = guard_inputs_run("1-", length)
    inputs["first name then spaces"] = "Sanne" + " " * (length - 6) + "1"
    inputs["case number of hyphens"] = "dossier " + hyphens[8:]
    inputs["long domain"] = "x (at) " + guard_inputs_run("a punt ", length)[7:]
    inputs["spaces"] = " " * (length - 1) + "1"
    return inputs


def guard_inputs_run(unit, length):
    return (unit * (length // len(unit) + 1))[:length]
