#!/usr/bin/env python3
"""Writes the text of one long plan for the extract benchmark (fixed content: the same text every run).

    python3 benches/gen_text.py OUT.txt MEGABYTES [long]

The text reads like a provincial plan: a preamble citing documents, then parts in Roman numerals, each of 40
numbered groups of five tasks (1.1. to 1.5.; real plans number within a part, never past 99, and have fewer than
50 parts), each task with a lead unit, a cited document, a deadline written to the day or a recurring report,
and a closing with "Nơi nhận". Up to about 5 MB.

With `long`, the same size is written as 20 tasks whose bodies run on for pages (sentence after sentence naming
units, "phối hợp" and documents): what an appendix or a pasted report looks like, and the case where looking
at "the rest of the task" for every match was quadratic. Every task
is different (its number, its date and its document number change), so that nothing is found once and reused.
"""
import sys

UNITS = [
    "Phòng Hành chính - Tổng hợp", "Phòng Kế hoạch - Tài chính", "Phòng Quản lý khoa học",
    "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Trung tâm Ứng dụng và Dịch vụ khoa học công nghệ",
    "Thanh tra Sở", "Văn phòng Sở", "Phòng Tổ chức cán bộ", "Trung tâm Công nghệ thông tin",
]
KINDS = [("Kế hoạch", "KH-UBND"), ("Quyết định", "QĐ-UBND"), ("Công văn", "UBND-NC"), ("Chỉ thị", "CT-TU")]
ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n):
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def task(n, k):
    unit = UNITS[k % len(UNITS)]
    other = UNITS[(k + 3) % len(UNITS)]
    kind, code = KINDS[k % len(KINDS)]
    day, month = 1 + k % 28, 1 + k % 12
    lines = [
        f"{n} {unit} chủ trì, phối hợp với {other} triển khai thực hiện {kind} số {k + 10}/{code} ngày",
        f"{day}/{month}/2024 của Ủy ban nhân dân tỉnh về nội dung thứ {k}; rà soát, tổng hợp kết quả thực",
        "hiện, đề xuất giải pháp tháo gỡ khó khăn, vướng mắc trong quá trình thực hiện nhiệm vụ được giao.",
    ]
    if k % 3 == 0:
        lines.append("Định kỳ hằng quý báo cáo kết quả thực hiện về Sở (qua Phòng Hành chính - Tổng hợp).")
    else:
        lines.append(f"Thời gian hoàn thành: trước ngày {day}/{month}/2025.")
    return "\n\n".join(lines)


def long_body(n, target):
    sentences, size, k = [], 0, n * 100_000
    while size < target:
        k += 1
        text = task("", k).replace("\n\n", " ").strip()
        sentences.append(text)
        size += len(text.encode()) + 1
    return f"{n}. " + "\n".join(sentences)


def main(out, megabytes, shape="many"):
    head = [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 1234/KH-SKHCN",
        "Quảng Ngãi, ngày 15 tháng 01 năm 2025", "KẾ HOẠCH", "Triển khai thực hiện nhiệm vụ năm 2025",
        "Thực hiện Kế hoạch số 53/KH-UBND ngày 23/3/2022 của UBND tỉnh; Sở Khoa học và Công nghệ ban hành",
        "Kế hoạch triển khai thực hiện như sau:", "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Triển khai kịp thời, đồng bộ các nhiệm vụ được giao.",
    ]
    tail = [
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo về Sở để xem xét, giải quyết.",
        "Nơi nhận:", "- UBND tỉnh (báo cáo);", "- Lưu: VT, HCTH.", "GIÁM ĐỐC", "Nguyễn Văn A",
    ]
    target = int(float(megabytes) * 1_000_000)
    body, size, k, part = [], 0, 0, 1
    if shape == "long":
        body = ["II. NHIỆM VỤ TRỌNG TÂM"] + [long_body(n, target // 20) for n in range(1, 21)]
        size = target
    while size < target and part < 49:
        part += 1
        section = [f"{roman(part)}. NHIỆM VỤ TRỌNG TÂM PHẦN {part}"]
        for n in range(1, 41):
            section.append(f"{n}. Nhóm nhiệm vụ thứ {n} của phần {part}")
            for m in range(1, 6):
                k += 1
                section.append(task(f"{n}.{m}.", k))
        text = "\n\n".join(section)
        body.append(text)
        size += len(text.encode())
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n\n".join(head + body + tail) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
