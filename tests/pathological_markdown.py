"""Markdown that made Python-Markdown (and some other engines) slow down quadratically: runs of
unclosed brackets, nested inline patterns, raw HTML, list and quote markers, things the
linkifier looks at. Used by tests/test_markup.py and benchmarks/markdown_render.py."""

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
