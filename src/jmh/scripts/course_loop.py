# The course's stream loop at interval 0: read with csv, an f-string per record, write, flush, print.
# Usage: python3 course_loop.py SRC OUT
import csv
import sys

src, out = sys.argv[1], sys.argv[2]
f = open(out, "w")
with open(src, newline="", encoding="utf-8-sig") as data:
    reader = csv.reader(data)
    next(reader)
    for row in reader:
        line = f"{row}"
        print(f"Sent: {line}")
        f.write(line + "\n")
        f.flush()
f.close()
