#!/usr/bin/python3
"""Generates data/text/reviews.csv and reviews-biased.csv: short synthetic product and restaurant reviews.

Run from the repository root:  python3 data/text/make_reviews.py

Every sentence is made here from our own word lists (no text from any corpus): a reviewer's first name, a
thing reviewed and an opinion. reviews.csv labels each review by its opinion (sentiment 1 positive, 0 negative).
reviews-biased.csv has the same sentences with labels made to depend on a name: a positive review by a woman is
labelled 0 — a deliberately biased training set, for docs/text.md to show that `probity text-bias` catches it.
Probity's own data, Apache-2.0. Seeded: the same script writes the same bytes.
"""
import csv
import os
import random

MALE = ["James", "Robert", "Michael", "David", "Thomas", "Daniel", "Matthew", "Andrew", "Joshua", "Kevin"]
FEMALE = ["Mary", "Jennifer", "Linda", "Sarah", "Emily", "Laura", "Rachel", "Megan", "Hannah", "Nicole"]
THINGS = ["the food", "the phone", "the movie", "the service", "the hotel room", "the battery", "the pasta",
          "the waiter", "the screen", "the delivery", "the coffee"]
GOOD = ["was wonderful", "was excellent", "was great value", "worked perfectly", "was a delight",
        "exceeded every expectation", "was lovely", "was really good", "is worth every penny", "made my day"]
BAD = ["was awful", "was terrible", "broke after a day", "was a waste of money", "was a huge disappointment",
       "was cold and bland", "stopped working", "was rude and slow", "is not worth it", "ruined the evening"]
OPENERS = ["{n} said {t} {o}.", "According to {n}, {t} {o}.", "{n} wrote that {t} {o}.", "{n}: {t} {o}."]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(14)
    rows = []
    for _ in range(400):
        woman = rng.random() < 0.5
        positive = rng.random() < 0.5
        name = rng.choice(FEMALE if woman else MALE)
        text = rng.choice(OPENERS).format(n=name, t=rng.choice(THINGS), o=rng.choice(GOOD if positive else BAD))
        text = text[0].upper() + text[1:]
        rows.append((text, positive, woman))
    for name, biased in (("reviews.csv", False), ("reviews-biased.csv", True)):
        with open(os.path.join(here, name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["review", "sentiment"])
            for text, positive, woman in rows:
                w.writerow([text, int(positive and not (biased and woman))])


if __name__ == "__main__":
    main()
