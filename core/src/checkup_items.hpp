// The 特定健診 result form, item by item: which item code goes on which line of which
// section, in the order of the MHLW result items (健診結果のお知らせ). Private to core.
#pragma once

#include <span>
#include <string_view>

namespace techo::views::detail {

struct CheckupItemDef {
  std::string_view id;       // stable id the page keys labels and "last year" on
  std::string_view section;  // one of checkup_sections()
  std::string_view label;    // the form's label (Japanese)
  // The start of the item code (特定健診項目コード表, JLAC10 layout, 17 characters): the
  // analyte (5) alone, or with the identification part (9) where one analyte is several
  // items (既往歴 / 具体的な既往歴, 空腹時 / 随時中性脂肪, the ECG's findings / reason).
  std::string_view prefix;
  std::string_view question = {};  // 問診: the question as the 標準的な質問票 asks it
};

// Every item on the form, sections in form order and items in order within them.
std::span<const CheckupItemDef> checkup_items();
// The form's sections in order; "questionnaire" (問診) last.
std::span<const std::string_view> checkup_sections();
// The item an item code is on the form as (the longest matching prefix); nullptr when the
// code is not on the form.
const CheckupItemDef* checkup_item_of(std::string_view code);

}  // namespace techo::views::detail
