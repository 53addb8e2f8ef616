"""A synthetic Vietnamese legal document of N articles in the published style."""
from __future__ import annotations

HEADER = """BỘ TÀI CHÍNH
Số: {n}/2024/TT-BTC
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 15 tháng 3 năm 2024
THÔNG TƯ
Quy định thử nghiệm với {n} điều
Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;
Căn cứ Nghị định số 14/2023/NĐ-CP ngày 20 tháng 4 năm 2023 của Chính phủ quy định chức năng, nhiệm vụ;
Theo đề nghị của Vụ trưởng Vụ Pháp chế;
Bộ trưởng Bộ Tài chính ban hành Thông tư quy định thử nghiệm.
"""
ARTICLE = """Điều {i}. Quy định số {i}
Tổ chức, cá nhân thực hiện các nội dung sau đây:
1. Lập dự toán chi ngân sách với tổng mức {i}.500 triệu đồng theo quy định tại khoản 2 Điều {j} Thông tư này.
2. Các khoản chi gồm:
a) Chi thường xuyên cho hoạt động của bộ máy;
b) Chi đầu tư phát triển theo kế hoạch được giao;
đ) Chi khác, gồm:
(i) Chi hội nghị, hội thảo;
(ii) Chi công tác phí trong nước.
3. Hồ sơ gồm:
- Văn bản đề nghị;
- Báo cáo thuyết minh.
"""
FOOTER = """Nơi nhận:
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Nguyễn Văn A
"""


def document(n: int) -> str:
    parts = [HEADER.format(n=n)]
    per_chapter = max(1, n // 10)
    for i in range(1, n + 1):
        if (i - 1) % per_chapter == 0:
            parts.append(f"Chương {(i - 1) // per_chapter + 1}\nQUY ĐỊNH NHÓM {(i - 1) // per_chapter + 1}\n")
        parts.append(ARTICLE.format(i=i, j=max(1, i - 1)))
    parts.append(FOOTER)
    return "".join(parts)


REPEATS = 9


def timed(fn, repeats: int = REPEATS) -> float:
    """The median wall time of ``fn()``: one warm-up run first, then ``repeats`` runs, garbage collected
    before each and the collector off inside it (what every in-process benchmark here uses)."""
    import statistics
    fn()
    return statistics.median(_run(fn) for _ in range(repeats))


def _run(fn) -> float:
    """One timed run: garbage collected first, the collector off inside."""
    import gc
    import time
    gc.collect()
    gc.disable()
    try:
        t = time.perf_counter()
        fn()
        return time.perf_counter() - t
    finally:
        gc.enable()


def timed_pair(baseline, job, repeats: int = REPEATS) -> tuple[float, float, float]:
    """Two functions timed in turn, run for run, as :func:`timed` times one: (median of ``baseline``, median of
    ``job``, median of the ratios job/baseline of runs made one after the other). On a shared machine whose
    speed drifts by half from one second to the next, the ratio of neighbouring runs is the figure that
    compares the two, not the ratio of medians taken at different moments."""
    import statistics
    baseline(), job()
    a, b = [], []
    for _ in range(repeats):
        a.append(_run(baseline))
        b.append(_run(job))
    return statistics.median(a), statistics.median(b), statistics.median(y / x for x, y in zip(a, b))


def scaling_table(measure, sizes, *, target_n: int, target_s: float, unit: str = "bytes") -> int:
    """Print time for each size with the ratio to the previous one; 0 if the targets are met.

    Targets: ``target_n`` articles in under ``target_s`` seconds; doubling the size at most
    doubles the time (ratio ≤ 2.2, allowing for noise).
    """
    ok, prev = True, None
    print(f"{'articles':>8} {unit:>11} {'median s':>9} {'ratio':>6}")
    for n in sizes:
        t, size = measure(n)
        ratio = t / prev if prev else float("nan")
        print(f"{n:>8} {size:>11} {t:>9.3f} {ratio:>6.2f}")
        if n == target_n and t >= target_s:
            ok = False
        if prev and ratio > 2.2:
            ok = False
        prev = t
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1
