#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-bundled-translations.py SOURCE_ROOT: every resident text of the bundled templates and
# procedures (titles, explanations, questions, choices; never the printed elements) is there
# in every language the counter offers, and the やさしい日本語 text gives a reading to every
# kanji it keeps, in well-formed {漢字|かんじ} markup.
import glob
import json
import os
import re
import sys

LANGUAGES = ['en', 'zh_CN', 'zh_TW', 'ko', 'vi', 'pt', 'tl', 'ne', 'ja@easy']
RUBY = re.compile(r'\{([^{}|]+)\|([^{}|]+)\}')
KANA = re.compile(r'^[\u3041-\u309f\u30a0-\u30ffー]+$')
KANJI = re.compile(r'[\u3400-\u9fff々]')


def texts(node, path):
    """Every object of languages under node, with where it is."""
    if isinstance(node, dict):
        if isinstance(node.get('ja'), str) and all(isinstance(v, str) for v in node.values()):
            yield path, node
            return
        for key, value in node.items():
            if key != 'elements':
                yield from texts(value, f'{path}/{key}')
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from texts(value, f'{path}[{i}]')


def check_easy(text):
    """What is wrong with a やさしい日本語 text, or None."""
    for base, reading in RUBY.findall(text):
        if not KANA.match(reading):
            return f'reading “{reading}” of “{base}” is not kana'
    rest = RUBY.sub('', text)
    if '{' in rest or '}' in rest or '|' in rest:
        return 'a brace or bar outside {base|reading}'
    if KANJI.search(rest):
        return f'kanji without a reading: “{KANJI.search(rest).group(0)}”'
    return None


def main():
    root = sys.argv[1]
    failures = []
    count = 0
    files = sorted(glob.glob(os.path.join(root, 'assets', 'forms', '*.json')) +
                   glob.glob(os.path.join(root, 'assets', 'procedures', '*.json')))
    for path in files:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
        name = os.path.relpath(path, root)
        for where, text in texts(data, ''):
            count += 1
            for language in LANGUAGES:
                if not text.get(language, '').strip():
                    failures.append(f'{name}{where}: no {language} text for “{text["ja"]}”')
            problem = check_easy(text.get('ja@easy', ''))
            if problem:
                failures.append(f'{name}{where}: ja@easy “{text["ja@easy"]}”: {problem}')
    # The check itself can fail.
    assert check_easy('{住所|じゅうしょ}を 書いて') is not None
    assert check_easy('{住所|じゅうしょ}を {書|か}いて') is None
    assert check_easy('{住所|jusho}') is not None
    for failure in failures:
        print(failure)
    if count < 100:
        failures.append(f'only {count} texts found: the bundled files moved?')
    print(f'{count - len(failures)} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
