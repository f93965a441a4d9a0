"""A deterministic synthetic union network of any size, for benchmarks.

Vietnamese text from a fixed word pool (about 670 words an article, like the
corpus the issue measured), realistic metadata, one small image per unit
referenced by some articles.  The same arguments always give the same files.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

WORDS = (
    "công đoàn người lao động đoàn viên doanh nghiệp hội nghị thỏa ước tập thể tiền lương "
    "bảo hiểm xã hội an toàn vệ sinh lao động phúc lợi chăm lo đời sống tết sum vầy mái ấm "
    "công nhân khu công nghiệp ban chấp hành chủ tịch phong trào thi đua văn hóa thể thao "
    "pháp luật tư vấn quyền lợi hợp đồng thời giờ làm việc nghỉ ngơi bữa ăn giữa ca nhà trọ "
    "học bổng con em đối thoại định kỳ năng suất chất lượng sáng kiến cải tiến kỹ thuật "
    "tổ chức triển khai kế hoạch năm nay tháng trước nhiều hơn tăng cường phối hợp cùng với "
    "thành phố tỉnh phường xã huyện nhà máy xưởng sản xuất ca kíp tổ trưởng kỹ sư giáo viên "
    "đường dương đồng nai"  # "duong" folds both; "dong nai" (đ → d: what Pagefind does not fold)
).split()
CATEGORIES = ("Tin tức - Sự kiện", "Hoạt động công đoàn", "Chăm lo đời sống", "Chính sách - Pháp luật",
              "Văn hóa - Thể thao")
TAGS = ("thỏa ước", "tết sum vầy", "an toàn lao động", "bảo hiểm xã hội", "thể thao", "mái ấm công đoàn",
        "hội nghị người lao động", "đối thoại", "học bổng", "phát triển đoàn viên", "nữ công", "pháp luật")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
GIVEN = ("Văn An", "Thị Mai", "Minh Đức", "Thu Hà", "Quốc Hùng", "Ngọc Lan", "Đức Thắng", "Thị Hồng")


@dataclass(frozen=True)
class Size:
    articles: int
    grassroots: int
    cities: int = 0  # 0: one city federation per 25 CĐCS

    @property
    def city_count(self) -> int:
        return self.cities or max(1, self.grassroots // 25)


def _paragraph(rng: random.Random, words: int) -> str:
    sentences, left = [], words
    while left > 0:
        length = min(left, rng.randint(9, 22))
        chosen = [rng.choice(WORDS) for _ in range(length)]
        sentences.append(" ".join(chosen).capitalize() + ".")
        left -= length
    return " ".join(sentences)


def generate(target: Path, size: Size, image: Path, seed: int = 2026) -> list[Path]:
    """Write network.yml and the articles under `target` (emptied first); returns the article files."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    lines = ["units:", "  - id: ldld-tinh", "    name: Liên đoàn Lao động tỉnh Mẫu", "    short_name: LĐLĐ tỉnh Mẫu",
             "    kind: province", "    url: https://ldld.tinhmau.example.vn"]
    cities = [f"ldld-tp-{n:03d}" for n in range(size.city_count)]
    for city in cities:
        lines += [f"  - id: {city}", f"    name: Liên đoàn Lao động thành phố {city[-3:]}",
                  f"    short_name: LĐLĐ TP {city[-3:]}", "    kind: city", "    parent: ldld-tinh"]
    units = ["ldld-tinh", *cities]
    for n in range(size.grassroots):
        unit = f"cdcs-{n:05d}"
        parent = cities[n % len(cities)] if n % 10 else "ldld-tinh"
        lines += [f"  - id: {unit}", f"    name: Công đoàn cơ sở Công ty số {n}", f"    short_name: CĐCS số {n}",
                  "    kind: grassroots", f"    parent: {parent}", f"    members: {rng.randint(20, 3000)}",
                  f"    facebook: https://www.facebook.com/cdcs{n}", f"    zalo: https://zalo.me/09{n:08d}"]
        units.append(unit)
    (target / "network.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    files = []
    start = datetime(2024, 1, 1, 7, 0)
    for number in range(size.articles):
        unit = units[number % len(units)] if number % 7 else rng.choice(units)
        folder = target / unit
        folder.mkdir(exist_ok=True)
        has_image = number % 5 == 0
        if has_image and not (folder / "images" / "anh.jpg").exists():
            (folder / "images").mkdir(exist_ok=True)
            shutil.copyfile(image, folder / "images" / "anh.jpg")
        title = f"{_paragraph(rng, rng.randint(6, 12)).rstrip('.')} số {number}"
        date = start + timedelta(minutes=97 * number)
        header = [f"Title: {title}", f"Date: {date:%Y-%m-%d %H:%M}", f"Category: {rng.choice(CATEGORIES)}",
                  f"Tags: {', '.join(rng.sample(TAGS, 2))}", f"Author: {rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                  f"Summary: {_paragraph(rng, 25)}"]
        if has_image:
            header += ["Image: images/anh.jpg", "ImageAlt: Đại biểu dự hội nghị", "ImageCaption: Ảnh minh họa"]
        body = [_paragraph(rng, 130) for _ in range(5)]
        body.insert(2, f"## {_paragraph(rng, 6).rstrip('.')}")
        path = folder / f"bai-{number:06d}.md"
        path.write_text("\n".join(header) + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        files.append(path)
    return files
