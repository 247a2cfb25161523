#!/usr/bin/python3
"""Generates data/text/ner-train.conll, ner-test.conll and ner-sentences.txt: a small named-entity corpus.

Run from the repository root:  python3 data/text/make_ner.py

Every sentence is made here from our own word lists (no text from any corpus): frames with people (PER), cities
(LOC) and organizations (ORG) filled at random, tagged in IOB2, one token a line, a blank line between sentences.
ner-train.conll takes its people and cities from the first half of each list; ner-test.conll from the second
half, names the tagger never saw in training (organizations come from one list in both: see docs/text.md);
ner-test-new-orgs.conll has new organizations as well. ner-sentences.txt holds a few untagged sentences for
`probity ner tag`.
Probity's own data, Apache-2.0. Seeded: the same script writes the same bytes.
"""
import os
import random

FIRST = ["Anna", "Peter", "Maria", "John", "Laura", "Omar", "Chen", "Ingrid", "Pablo", "Keiko", "Tomas", "Amara"]
LAST = ["Smith", "Garcia", "Okafor", "Novak", "Lindqvist", "Tanaka", "Rossi", "Haddad", "Kowalski", "Mensah"]
CITY = ["Paris", "Lagos", "Oslo", "Lima", "Osaka", "Denver", "Krakow", "Nairobi", "Perth", "Quito", "Hanoi", "Tunis"]
ORG = ["Acme Corp", "Globex", "Initech", "Umbrella Group", "Stark Industries", "Wayne Enterprises"]
NEW_ORG = ["Hooli Labs", "Vandelay", "Cyberdyne Systems", "Soylent", "Tyrell Corporation", "Aperture Science"]
FRAMES = ["P visited C last week .", "P works for O in C .", "O opened an office in C .",
          "Yesterday P met P at O .", "The mayor of C praised O .", "P moved from C to C .",
          "According to P , O will hire in C .", "P and P flew to C on Monday ."]


def pick(values, rng, half):
    h = len(values) // 2
    return values[rng.randrange(h)] if half == 0 else values[h + rng.randrange(len(values) - h)]


def sentence(rng, half, orgs=ORG):
    tokens = []
    for slot in rng.choice(FRAMES).split(" "):
        if slot == "P":
            words, kind = [pick(FIRST, rng, half), pick(LAST, rng, half)], "PER"
        elif slot == "C":
            words, kind = [pick(CITY, rng, half)], "LOC"
        elif slot == "O":
            words, kind = rng.choice(orgs).split(" "), "ORG"
        else:
            words, kind = [slot], None
        for i, w in enumerate(words):
            tokens.append((w, "O" if kind is None else ("B-" if i == 0 else "I-") + kind))
    return tokens


def write(path, sentences):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for s in sentences:
            for w, t in s:
                f.write(w + " " + t + "\n")
            f.write("\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(14)
    write(os.path.join(here, "ner-train.conll"), [sentence(rng, 0) for _ in range(600)])
    write(os.path.join(here, "ner-test.conll"), [sentence(rng, 1) for _ in range(200)])
    with open(os.path.join(here, "ner-sentences.txt"), "w", encoding="utf-8", newline="\n") as f:
        for _ in range(5):
            f.write(" ".join(w for w, _ in sentence(rng, 1)).replace(" .", ".").replace(" ,", ",") + "\n")
    write(os.path.join(here, "ner-test-new-orgs.conll"), [sentence(rng, 1, NEW_ORG) for _ in range(200)])


if __name__ == "__main__":
    main()
