"""The demo's document files, as the lines each one shows (original text written for the demo;
numbers, names and decisions are invented).  `python -m tests.document_files` writes them."""

from __future__ import annotations

_DEMO = "Văn bản minh họa của mạng trang tin mẫu; số hiệu, tên người và nội dung là hư cấu."

DEMO_DOCUMENTS: dict[str, list[str]] = {
    "ldld-thanh-hoa/van-ban/nghi-quyet-02-nq-ldld-2026.pdf": [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH THANH HÓA", "Số: 02/NQ-LĐLĐ", "Thanh Hóa, ngày 20 tháng 01 năm 2026", "",
        "NGHỊ QUYẾT", "Về nhiệm vụ trọng tâm công tác công đoàn năm 2026", "",
        "1. Phát triển thêm 6.000 đoàn viên, thành lập 40 công đoàn cơ sở ở doanh nghiệp ngoài nhà nước.",
        "2. Mỗi công đoàn cơ sở tổ chức ít nhất một cuộc đối thoại định kỳ với người sử dụng lao động.",
        "3. Chuyển toàn bộ tin hoạt động của công đoàn cơ sở lên trang tin của Liên đoàn.",
        "4. Hoàn thành việc số hóa hồ sơ đoàn viên trước ngày 30 tháng 9 năm 2026.", "", _DEMO],
    "ldld-thanh-hoa/van-ban/ke-hoach-15-kh-ldld-2026.pdf": [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH THANH HÓA", "Số: 15/KH-LĐLĐ", "Thanh Hóa, ngày 05 tháng 3 năm 2026", "",
        "KẾ HOẠCH", "Tổ chức Tháng Công nhân và Tháng hành động về an toàn, vệ sinh lao động năm 2026", "",
        "Thời gian: từ ngày 01 đến ngày 31 tháng 5 năm 2026.",
        "Các hoạt động chính: thăm hỏi công nhân tại khu công nghiệp Lễ Môn và Hoàng Long; tập huấn an toàn",
        "lao động cho tổ trưởng sản xuất; phiên chợ nghĩa tình cho 1.200 đoàn viên có thu nhập thấp.",
        "Kinh phí: từ nguồn tài chính công đoàn cấp tỉnh và đóng góp của doanh nghiệp.", "", _DEMO],
    "ldld-thanh-hoa/van-ban/huong-dan-04-hd-ldld-2025.pdf": [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH THANH HÓA", "Số: 04/HD-LĐLĐ", "Thanh Hóa, ngày 12 tháng 9 năm 2025", "",
        "HƯỚNG DẪN", "Tổ chức đại hội công đoàn cơ sở nhiệm kỳ 2025 – 2030", "",
        "Đại hội công đoàn cơ sở tiến hành một phiên, chậm nhất ngày 31 tháng 3 năm 2026.",
        "Hồ sơ gồm: báo cáo tổng kết nhiệm kỳ, danh sách đề cử, biên bản kiểm phiếu.",
        "Công đoàn cơ sở dưới 30 đoàn viên tổ chức đại hội toàn thể.", "", _DEMO],
    "ldld-thanh-hoa/van-ban/cong-van-318-ldld-tg-2025.docx": [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH THANH HÓA – BAN TUYÊN GIÁO", "Số: 318/LĐLĐ-TG",
        "V/v đăng tin hoạt động của công đoàn cơ sở lên trang tin của Liên đoàn",
        "Kính gửi: các liên đoàn lao động cấp huyện, thành phố và công đoàn cơ sở trực thuộc.",
        "Từ tháng 12 năm 2025, mỗi công đoàn cơ sở có một mục riêng trên trang tin của Liên đoàn. Đề nghị các "
        "đơn vị cử một cán bộ phụ trách đăng tin và gửi danh sách về Ban Tuyên giáo trước ngày 30 tháng 11.", _DEMO],
    "ldld-thanh-hoa/van-ban/bieu-mau-01-bm-ldld-2026.xlsx": [
        "STT | Công đoàn cơ sở | Đoàn viên đầu quý | Kết nạp mới | Đoàn viên cuối quý",
        "1 | (tên công đoàn cơ sở) | 0 | 0 | 0", "Ghi chú | " + _DEMO],
    "ldld-tp-thanh-hoa/van-ban/quyet-dinh-27-qd-ldld-2026.pdf": [
        "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ THANH HÓA", "Số: 27/QĐ-LĐLĐ", "Thanh Hóa, ngày 14 tháng 02 năm 2026", "",
        "QUYẾT ĐỊNH", "Về việc khen thưởng các công đoàn cơ sở có thành tích trong phong trào thi đua năm 2025", "",
        "Điều 1. Tặng giấy khen cho 12 công đoàn cơ sở, trong đó có Công đoàn cơ sở Công ty TNHH Dũng Tiến",
        "và Công đoàn cơ sở Trường Mầm non Sao Mai.",
        "Điều 2. Văn phòng và các ban của Liên đoàn chịu trách nhiệm thi hành quyết định này.", "", _DEMO],
    "ldld-tp-thanh-hoa/van-ban/thong-bao-09-tb-ldld-2026.pdf": [
        "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ THANH HÓA", "Số: 09/TB-LĐLĐ", "Thanh Hóa, ngày 02 tháng 3 năm 2026", "",
        "THÔNG BÁO", "Lịch tiếp đoàn viên, người lao động quý II năm 2026", "",
        "Sáng thứ Tư hằng tuần, từ 8 giờ đến 11 giờ, tại phòng tiếp dân của Liên đoàn.",
        "Ngày 15 hằng tháng: tư vấn pháp luật lao động miễn phí tại Nhà văn hóa công nhân Lễ Môn.", "", _DEMO],
    "ldld-tp-thanh-hoa/van-ban/bao-cao-41-bc-ldld-2025.odt": [
        "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ THANH HÓA", "Số: 41/BC-LĐLĐ", "BÁO CÁO tổng kết hoạt động công đoàn năm 2025",
        "Năm 2025, toàn thành phố kết nạp 1.850 đoàn viên, thành lập 9 công đoàn cơ sở mới, tổ chức 46 hội nghị "
        "người lao động và hỗ trợ 320 đoàn viên gặp khó khăn.", _DEMO],
    "cdcs-dung-tien/van-ban/ke-hoach-03-kh-cdcs-2026.docx": [
        "CÔNG ĐOÀN CƠ SỞ CÔNG TY TNHH DŨNG TIẾN", "Số: 03/KH-CĐCS",
        "KẾ HOẠCH phối hợp tổ chức Hội nghị người lao động năm 2026",
        "Hội nghị tổ chức ở cấp tổ sản xuất trong tháng 1 và toàn công ty ngày 24 tháng 1 năm 2026. Nội dung: "
        "sửa đổi thỏa ước lao động tập thể, quy chế nâng lương và chế độ ăn giữa ca.", _DEMO],
    "cdcs-dung-tien/van-ban/quy-che-01-qc-cdcs-2025.pdf": [
        "CÔNG TY TNHH DŨNG TIẾN – CÔNG ĐOÀN CƠ SỞ", "Số: 01/QC-CĐCS", "", "QUY CHẾ",
        "Phối hợp giữa Ban Chấp hành công đoàn cơ sở và Giám đốc công ty", "",
        "Hai bên họp định kỳ mỗi quý một lần; Giám đốc mời Chủ tịch công đoàn dự các cuộc họp bàn về tiền lương,",
        "thưởng, an toàn lao động và kỷ luật lao động.", "", _DEMO],
    "ldld-can-tho/van-ban/nghi-quyet-01-nq-ldld-2026.pdf": [
        "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ CẦN THƠ", "Số: 01/NQ-LĐLĐ", "Cần Thơ, ngày 15 tháng 01 năm 2026", "",
        "NGHỊ QUYẾT", "Về kiện toàn tổ chức công đoàn sau hợp nhất", "",
        "Các công đoàn cơ sở của hai liên đoàn lao động tỉnh Hậu Giang và Sóc Trăng trước đây tiếp tục hoạt động,",
        "trực thuộc Liên đoàn Lao động thành phố Cần Thơ; con dấu và tài khoản cũ dùng đến hết quý I năm 2026.", "", _DEMO],
    "ldld-can-tho/van-ban/huong-dan-07-hd-ldld-2025.pdf": [
        "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ CẦN THƠ", "Số: 07/HD-LĐLĐ", "Cần Thơ, ngày 20 tháng 11 năm 2025", "",
        "HƯỚNG DẪN", "Chuyển giao hồ sơ đoàn viên sau hợp nhất", "",
        "Mỗi công đoàn cơ sở lập danh sách đoàn viên theo mẫu, có chữ ký của Chủ tịch, gửi về Ban Tổ chức",
        "trước ngày 15 tháng 12 năm 2025; hồ sơ giấy được lưu tại đơn vị.", "", _DEMO],
    "ldld-hau-giang/van-ban/ke-hoach-22-kh-ldld-2025.pdf": [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH HẬU GIANG", "Số: 22/KH-LĐLĐ", "Vị Thanh, ngày 10 tháng 4 năm 2025", "",
        "KẾ HOẠCH", "Tổ chức các hoạt động Tháng Công nhân năm 2025", "",
        "Trao 300 phần quà cho công nhân nhà máy đường và chế biến thủy sản; khám sức khỏe miễn phí cho",
        "nữ đoàn viên tại Khu công nghiệp Sông Hậu.", "", _DEMO],
}
