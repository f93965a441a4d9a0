"""What the social manager reads when a page stops: which page, what happened, what to do (Vietnamese).

Pure functions over a target and a Graph error; the texts point at the guide,
docs/dang-bai-facebook.md, and name the secret to update, never its value.
"""

from __future__ import annotations

from .errors import GraphError, Kind
from .targets import Target
from .tokens import MAP_VARIABLE

GUIDE = "docs/dang-bai-facebook.md"
TOKEN_SUBCODES = {
    458: "ứng dụng đã bị gỡ khỏi tài khoản",
    460: "mật khẩu tài khoản quản trị đã đổi",
    463: "mã đã hết hạn",
    467: "mã không còn hiệu lực (đã đăng xuất hoặc bị thu hồi)",
}


def page_name(target: Target) -> str:
    return f"Trang Facebook {target.page_id} ({target.unit_name}, đơn vị {target.unit_id})"


def stop_message(target: Target, error: GraphError) -> str:
    """The one line that tells the social manager what happened to the page and what to do."""
    where = f"biến {target.token_env}" if target.token_env else f"mục \"{target.page_id}\" trong {MAP_VARIABLE}"
    if error.kind is Kind.TOKEN:
        why = TOKEN_SUBCODES.get(error.subcode or 0, "mã không hợp lệ")
        return (f"{page_name(target)}: mã truy cập Trang bị từ chối ({why}; {error.label}: {error}). Tạo mã truy cập "
                f"Trang mới không hết hạn theo {GUIDE} (mục 3) rồi cập nhật {where} trong secrets; "
                "các Trang khác vẫn được đăng.")
    if error.kind is Kind.PERMISSION:
        return (f"{page_name(target)}: mã truy cập thiếu quyền đăng bài ({error.label}: {error}). Cấp quyền "
                f"pages_manage_posts và pages_read_engagement khi tạo mã (xem {GUIDE}), cập nhật {where}.")
    if error.kind is Kind.RATE_LIMIT:
        return (f"{page_name(target)}: Facebook đang giới hạn số lần gọi ({error.label}); "
                "lần chạy sau sẽ đăng tiếp.")
    return f"{page_name(target)}: không đọc được bài trên Trang ({error.label}: {error}); lần chạy sau sẽ thử lại."


def no_token_message(target: Target) -> str:
    where = f"biến môi trường {target.token_env} hoặc " if target.token_env else ""
    return (f"{page_name(target)}: không có mã truy cập; đặt {where}mục \"{target.page_id}\" trong "
            f"{MAP_VARIABLE} (xem {GUIDE}).")
