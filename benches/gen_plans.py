#!/usr/bin/env python3
"""Writes synthetic but realistic plan files for the benchmarks (fixed seed: the same files every run).

    python3 benches/gen_plans.py OUT_DIR FILES [TASKS_PER_FILE]

Each file is one plan of TASKS_PER_FILE tasks (default 100) with Vietnamese titles and wording, about 30 units,
cited documents with Vietnamese numbers, one-off deadlines spread over 2024-2025, some quarterly reports and
some ongoing tasks. benches/bench.sh records progress on them (about 60% done) so that about 20% of the deadlines
are overdue as of 1/1/2025.
"""
import os
import random
import sys

UNITS = [
    ("hcth", "Phòng Hành chính - Tổng hợp"), ("khtc", "Phòng Kế hoạch - Tài chính"),
    ("qlkh", "Phòng Quản lý khoa học"), ("qlcn", "Phòng Quản lý công nghệ"),
    ("tdc", "Chi cục Tiêu chuẩn Đo lường Chất lượng"), ("ttud", "Trung tâm Ứng dụng và Dịch vụ khoa học công nghệ"),
    ("tt", "Thanh tra Sở"), ("vp", "Văn phòng Sở"), ("tccb", "Phòng Tổ chức cán bộ"),
    ("phap-che", "Phòng Pháp chế"), ("cntt", "Trung tâm Công nghệ thông tin"), ("bbt", "Ban Biên tập Trang thông tin điện tử"),
    ("cong-doan", "Công đoàn cơ sở"), ("doan-tn", "Đoàn Thanh niên"), ("hoi-ccb", "Chi hội Cựu chiến binh"),
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh"), ("so-nv", "Sở Nội vụ"), ("so-tc", "Sở Tài chính"),
    ("so-khdt", "Sở Kế hoạch và Đầu tư"), ("so-tp", "Sở Tư pháp"), ("so-ttt", "Sở Thông tin và Truyền thông"),
    ("bdv", "Ban Dân vận Tỉnh ủy"), ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"), ("ubnd-huyen", "Ủy ban nhân dân các huyện"),
    ("phong-kt", "Phòng Kinh tế"), ("phong-vhtt", "Phòng Văn hóa và Thông tin"), ("phong-gd", "Phòng Giáo dục và Đào tạo"),
    ("phong-yt", "Phòng Y tế"), ("phong-lđ", "Phòng Lao động - Thương binh và Xã hội"), ("phong-tnmt", "Phòng Tài nguyên và Môi trường"),
]
UNITS = [(i.replace("đ", "d"), n) for i, n in UNITS]

REFS = [
    ("Nghị định", "{n}/{y}/NĐ-CP", "Chính phủ"), ("Quyết định", "{n}/QĐ-UBND", "UBND tỉnh"),
    ("Kế hoạch", "{n}/KH-UBND", "UBND tỉnh"), ("Chỉ thị", "{n}/CT-TTg", "Thủ tướng Chính phủ"),
    ("Kết luận", "{n}-KL/TU", "Ban Thường vụ Tỉnh ủy"), ("Công văn", "{n}-CV/TU", "Ban Thường vụ Tỉnh ủy"),
    ("Thông tư", "{n}/{y}/TT-BKHCN", "Bộ Khoa học và Công nghệ"), ("Nghị quyết", "{n}-NQ/TW", "Ban Chấp hành Trung ương"),
]
VERBS = ["Triển khai", "Tổ chức", "Rà soát", "Tăng cường", "Kiểm tra", "Tuyên truyền", "Xây dựng", "Đẩy mạnh", "Hoàn thiện", "Tổng hợp"]
OBJECTS = [
    "công tác cải cách hành chính", "việc thực hiện quy chế dân chủ ở cơ sở", "mô hình “Dân vận khéo”",
    "chuyển đổi số trong cơ quan", "công tác thi đua, khen thưởng", "việc tiếp công dân và giải quyết khiếu nại",
    "hoạt động đo lường, chất lượng sản phẩm", "nhiệm vụ khoa học và công nghệ cấp tỉnh", "công tác phòng, chống tham nhũng",
    "việc ứng dụng công nghệ thông tin", "công tác bảo vệ bí mật nhà nước", "hệ thống quản lý chất lượng ISO",
]
TAILS = ["năm 2024", "giai đoạn 2024 - 2025", "tại các phòng, đơn vị", "trên địa bàn tỉnh", "theo kế hoạch của tỉnh"]


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def day(rng, start=(2024, 1, 1), days=730):
    import datetime
    d = datetime.date(*start) + datetime.timedelta(days=rng.randrange(days))
    return f"{d.day}/{d.month}/{d.year}"


def plan_file(i, tasks, rng):
    units = rng.sample(UNITS, 30)
    refs = []
    for k in range(10):
        kind, pattern, issuer = rng.choice(REFS)
        number = pattern.format(n=rng.randrange(1, 999), y=rng.choice([2019, 2020, 2021, 2022, 2023]))
        if number not in [r[1] for r in refs]:
            refs.append((kind, number, issuer, day(rng, (2019, 1, 1), 1800)))
    out = [
        f"[plan]\nid = \"bench-{i:04d}\"\ntitle = {q(f'Kế hoạch thực hiện nhiệm vụ trọng tâm số {i} năm 2024')}\n"
        f"issuer = \"Sở Khoa học và Công nghệ\"\nprovince = \"Quảng Ngãi\"\nyear = 2024\ncoordinator = \"{units[0][0]}\"\n"
    ]
    for uid, name in units:
        out.append(f"[[units]]\nid = \"{uid}\"\nname = {q(name)}\n")
    for kind, number, issuer, date in refs:
        out.append(f"[[references]]\nnumber = {q(number)}\nkind = {q(kind)}\ndate = \"{date}\"\nissuer = {q(issuer)}\n")
    for t in range(1, tasks + 1):
        verb, obj, tail = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)
        lead = rng.choice(units)[0]
        cited = rng.choice(refs)[1]
        text = f"{verb} {obj} {tail}."
        out.append(
            f"[[tasks]]\nid = \"{1 + (t - 1) // 20}.{t}\"\ntitle = {q(f'{verb} {obj}')}\ntext = {q(text)}\n"
            f"lead = [\"{lead}\"]\nreferences = [{q(cited)}]\n"
        )
        r = rng.random()
        if r < 0.05:
            continue  # ongoing ("thường xuyên")
        if r < 0.10:
            out.append(
                "[[tasks.deadlines]]\nkey = \"bao-cao-quy\"\nevery = \"quarter\"\nfrom = \"1/1/2024\"\nuntil = \"31/12/2025\"\n"
                "wording = \"định kỳ hằng quý báo cáo kết quả\"\n"
            )
            continue
        due = day(rng)
        rule, words = ("before", "trước ngày") if rng.random() < 0.7 else ("by", "chậm nhất ngày")
        out.append(f"[[tasks.deadlines]]\nkey = \"han\"\ndue = \"{due}\"\nrule = \"{rule}\"\nwording = \"{words} {due}\"\n")
    return "\n".join(out)


def main():
    out_dir, files = sys.argv[1], int(sys.argv[2])
    tasks = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(20240101)
    for i in range(1, files + 1):
        with open(os.path.join(out_dir, f"bench-{i:04d}.toml"), "w", encoding="utf-8") as f:
            f.write(plan_file(i, tasks, rng))


if __name__ == "__main__":
    main()
