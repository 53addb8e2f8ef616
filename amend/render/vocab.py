"""The Vietnamese words for what amend records: kinds of change and of relation (site and command line alike)."""
from __future__ import annotations

CHANGE_KIND_VI = {"replace": "sửa đổi", "replace-heading": "sửa đổi tên", "replace-passage": "sửa đổi một đoạn", "insert": "bổ sung", "repeal": "bãi bỏ", "revoke": "bãi bỏ quy định sửa đổi",
                  "suspend": "ngưng hiệu lực", "replace-words": "sửa đổi từ ngữ", "delete-words": "bỏ từ ngữ",
                  "insert-words": "bổ sung từ ngữ", "correct": "đính chính", "remove-rows": "bỏ nhiệm vụ",
                  "change-value": "điều chỉnh số liệu", "move": "chuyển mục tiêu"}
EDGE_VI = {"based_on": "căn cứ", "amends": "sửa đổi, bổ sung", "repeals": "bãi bỏ", "replaces": "thay thế",
           "suspends": "ngưng hiệu lực", "corrects": "đính chính", "guides": "hướng dẫn", "consolidates": "hợp nhất",
           "cites": "dẫn chiếu", "approved_by": "được thông qua bởi"}
# what the relations checks found, as a reader's word
FINDING_VI = {"only-issuer-amends": "thẩm quyền sửa đổi", "higher-authority-only": "thẩm quyền bãi bỏ",
              "basis-without-rank": "căn cứ ngoài hệ thống văn bản", "basis-of-lower-rank": "căn cứ thứ bậc thấp hơn",
              "unknown-work": "văn bản không có trong kho", "unknown-provision": "quy định không tồn tại"}
