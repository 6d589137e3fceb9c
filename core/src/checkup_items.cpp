#include "checkup_items.hpp"

#include <array>

namespace techo::views::detail {
namespace {

// Source: the MHLW 特定健康診査 result items as the 特定健診 XML / FHIR 健診結果報告書
// report them (特定健診項目コード表 urn:oid:1.2.392.200119.6.1005, 第4期 = 2024 edition,
// 付属資料 2 item order), cross-checked with the 健診結果報告書 FHIR IG's example report
// (jami-fhir-jp-wg/eCheckupReport, Bundle-eCheckupReport-Sample-01). Older editions' codes
// (HbA1c JDS 3D045, questionnaire 9N761 / 9N776 / 9N806) stay readable.
// Questions: 標準的な質問票 (令和6年度版), numbered as on the questionnaire.
constexpr CheckupItemDef kItems[] = {
    // 診察
    {"history", "exam", "既往歴", "9N0560000"},
    {"history_detail", "exam", "具体的な既往歴", "9N0561604"},
    {"subjective", "exam", "自覚症状", "9N0610000"},
    {"subjective_detail", "exam", "自覚症状（所見）", "9N0611608"},
    {"objective", "exam", "他覚症状", "9N0660000"},
    {"objective_detail", "exam", "他覚症状（所見）", "9N0661608"},
    // 身体計測
    {"height", "body", "身長", "9N001"},
    {"weight", "body", "体重", "9N006"},
    {"bmi", "body", "BMI", "9N011"},
    {"waist", "body", "腹囲", "9N016"},
    {"visceral_fat", "body", "内臓脂肪面積", "9N021"},
    // 血圧
    {"systolic_1", "bp", "収縮期血圧（1回目）", "9A751"},
    {"systolic_2", "bp", "収縮期血圧（2回目）", "9A752"},
    {"systolic", "bp", "収縮期血圧（その他）", "9A755"},
    {"diastolic_1", "bp", "拡張期血圧（1回目）", "9A761"},
    {"diastolic_2", "bp", "拡張期血圧（2回目）", "9A762"},
    {"diastolic", "bp", "拡張期血圧（その他）", "9A765"},
    // 採血
    {"blood_draw_time", "sampling", "採血時間（食後）", "9N141"},
    // 血中脂質検査
    {"tg", "lipid", "中性脂肪（空腹時）", "3F0150000"},
    {"tg_random", "lipid", "中性脂肪（随時）", "3F0151299"},
    {"hdl", "lipid", "HDLコレステロール", "3F070"},
    {"ldl", "lipid", "LDLコレステロール", "3F077"},
    {"non_hdl", "lipid", "Non-HDLコレステロール", "3F069"},
    // 肝機能検査
    {"ast", "liver", "AST（GOT）", "3B035"},
    {"alt", "liver", "ALT（GPT）", "3B045"},
    {"ggt", "liver", "γ-GT（γ-GTP）", "3B090"},
    // 腎機能（詳細な健診）
    {"creatinine", "kidney", "血清クレアチニン", "3C0150000"},
    {"egfr", "kidney", "eGFR", "8A065"},
    {"creatinine_reason", "kidney", "血清クレアチニン（実施理由）", "3C0151610"},
    // 血糖検査
    {"fbs", "glucose", "空腹時血糖", "3D0100000"},
    {"random_glucose", "glucose", "随時血糖", "3D0101299"},
    {"hba1c", "glucose", "HbA1c（NGSP）", "3D046"},
    {"hba1c_jds", "glucose", "HbA1c（JDS）", "3D045"},
    // 尿検査
    {"urine_glucose", "urine", "尿糖", "1A020"},
    {"urine_protein", "urine", "尿蛋白", "1A010"},
    // 貧血検査（詳細な健診）
    {"hematocrit", "anemia", "ヘマトクリット値", "2A040"},
    {"hemoglobin", "anemia", "血色素量（ヘモグロビン値）", "2A030"},
    {"rbc", "anemia", "赤血球数", "2A0200000"},
    {"anemia_reason", "anemia", "貧血検査（実施理由）", "2A0201610"},
    // 心電図検査（詳細な健診）
    {"ecg_result", "ecg", "心電図（所見の有無）", "9A1101607"},
    {"ecg_findings", "ecg", "心電図（所見）", "9A1101608"},
    {"ecg_reason", "ecg", "心電図（実施理由）", "9A1101610"},
    // 眼底検査（詳細な健診）
    {"fundus_kw", "fundus", "眼底検査（キースワグナー分類）", "9E1001660"},
    {"fundus_scheie_h", "fundus", "眼底検査（シェイエ分類：H）", "9E1001661"},
    {"fundus_scheie_s", "fundus", "眼底検査（シェイエ分類：S）", "9E1001662"},
    {"fundus_scott", "fundus", "眼底検査（SCOTT分類）", "9E1001663"},
    {"fundus_wong_mitchell", "fundus", "眼底検査（Wong-Mitchell分類）", "9E1001666"},
    {"fundus_davis", "fundus", "眼底検査（改変Davis分類）", "9E1001665"},
    {"fundus_findings", "fundus", "眼底検査（その他の所見）", "9E1001609"},
    {"fundus_reason", "fundus", "眼底検査（実施理由）", "9E1001610"},
    // 判定
    {"metabolic", "judgement", "メタボリックシンドローム判定", "9N501"},
    {"guidance", "judgement", "保健指導レベル", "9N506"},
    {"doctor_judgement", "judgement", "医師の診断（判定）", "9N511"},
    {"doctor_name", "judgement", "健康診断を実施した医師の氏名", "9N516"},
    // 問診（標準的な質問票）
    {"q_bp_medicine", "questionnaire", "服薬1（血圧）", "9N7010000",
     "1. 現在、血圧を下げる薬を使用していますか。"},
    {"q_bp_medicine_name", "questionnaire", "服薬1（薬剤）", "9N7011670", "1. 血圧を下げる薬の薬剤名"},
    {"q_bp_medicine_reason", "questionnaire", "服薬1（服薬理由）", "9N7011671", "1. 血圧を下げる薬の服薬理由"},
    {"q_glucose_medicine", "questionnaire", "服薬2（血糖）", "9N7060000",
     "2. 現在、インスリン注射又は血糖を下げる薬を使用していますか。"},
    {"q_glucose_medicine_name", "questionnaire", "服薬2（薬剤）", "9N7061670", "2. 血糖を下げる薬の薬剤名"},
    {"q_glucose_medicine_reason", "questionnaire", "服薬2（服薬理由）", "9N7061671", "2. 血糖を下げる薬の服薬理由"},
    {"q_lipid_medicine", "questionnaire", "服薬3（脂質）", "9N7110000",
     "3. 現在、コレステロールや中性脂肪を下げる薬を使用していますか。"},
    {"q_lipid_medicine_name", "questionnaire", "服薬3（薬剤）", "9N7111670", "3. コレステロール等を下げる薬の薬剤名"},
    {"q_lipid_medicine_reason", "questionnaire", "服薬3（服薬理由）", "9N7111671", "3. コレステロール等を下げる薬の服薬理由"},
    {"q_stroke", "questionnaire", "既往歴1（脳血管）", "9N716",
     "4. 医師から、脳卒中（脳出血、脳梗塞等）にかかっているといわれたり、治療を受けたことがありますか。"},
    {"q_heart", "questionnaire", "既往歴2（心血管）", "9N721",
     "5. 医師から、心臓病（狭心症、心筋梗塞等）にかかっているといわれたり、治療を受けたことがありますか。"},
    {"q_kidney", "questionnaire", "既往歴3（腎不全・人工透析）", "9N726",
     "6. 医師から、慢性腎臓病や腎不全にかかっているといわれたり、治療（人工透析など）を受けていますか。"},
    {"q_anemia", "questionnaire", "貧血", "9N731", "7. 医師から、貧血といわれたことがありますか。"},
    {"q_smoking", "questionnaire", "喫煙", "9N736", "8. 現在、たばこを習慣的に吸っていますか。"},
    {"q_weight_since_20", "questionnaire", "20歳からの体重変化", "9N741",
     "9. 20歳の時の体重から10kg以上増加していますか。"},
    {"q_exercise", "questionnaire", "30分以上の運動習慣", "9N746",
     "10. 1回30分以上の軽く汗をかく運動を週2日以上、1年以上実施していますか。"},
    {"q_activity", "questionnaire", "歩行又は身体活動", "9N751",
     "11. 日常生活において歩行又は同等の身体活動を1日1時間以上実施していますか。"},
    {"q_walking_speed", "questionnaire", "歩行速度", "9N756", "12. ほぼ同じ年齢の同性と比較して歩く速度が速いですか。"},
    {"q_weight_change_year", "questionnaire", "1年間の体重変化", "9N761",
     "この1年間で体重の増減が±3kg以上ありましたか。（平成30年度までの質問票）"},
    {"q_chewing", "questionnaire", "咀嚼", "9N872", "13. 食事をかんで食べる時の状態はどれにあてはまりますか。"},
    {"q_eating_speed", "questionnaire", "食べ方1（早食い等）", "9N766", "14. 人と比較して食べる速度が速いですか。"},
    {"q_late_dinner", "questionnaire", "食べ方2（就寝前）", "9N771",
     "15. 就寝前の2時間以内に夕食をとることが週に3回以上ありますか。"},
    {"q_snacks", "questionnaire", "食べ方3（間食）", "9N782",
     "16. 朝昼夕の3食以外に間食や甘い飲み物を摂取していますか。"},
    {"q_late_snacks", "questionnaire", "食べ方3（夜食/間食）", "9N776",
     "夕食後に間食（3食以外の夜食）をとることが週に3回以上ありますか。（平成30年度までの質問票）"},
    {"q_breakfast", "questionnaire", "食習慣", "9N781", "17. 朝食を抜くことが週に3回以上ありますか。"},
    {"q_drinking", "questionnaire", "飲酒", "9N786",
     "18. お酒（日本酒、焼酎、ビール、洋酒など）を飲む頻度はどのくらいですか。"},
    {"q_drinking_amount", "questionnaire", "飲酒量", "9N791", "19. 飲酒日の1日当たりの飲酒量はどのくらいですか。"},
    {"q_sleep", "questionnaire", "睡眠", "9N796", "20. 睡眠で休養が十分とれていますか。"},
    {"q_lifestyle", "questionnaire", "生活習慣の改善", "9N801",
     "21. 運動や食生活等の生活習慣を改善してみようと思いますか。"},
    {"q_guidance_wish", "questionnaire", "保健指導の希望", "9N806",
     "生活習慣の改善について保健指導を受ける機会があれば、利用しますか。（令和5年度までの質問票）"},
    {"q_guidance_history", "questionnaire", "特定保健指導の受診歴", "9N808",
     "22. 生活習慣の改善について、これまでに特定保健指導を受けたことがありますか。"},
};

constexpr std::string_view kSections[] = {"exam",  "body",  "bp",     "sampling", "lipid",  "liver",     "kidney",
                                          "glucose", "urine", "anemia", "ecg",      "fundus", "judgement", "questionnaire"};

}  // namespace

std::span<const CheckupItemDef> checkup_items() { return kItems; }
std::span<const std::string_view> checkup_sections() { return kSections; }

const CheckupItemDef* checkup_item_of(std::string_view code) {
  const CheckupItemDef* best = nullptr;
  for (const auto& item : kItems) {
    if (code.substr(0, item.prefix.size()) == item.prefix && (!best || item.prefix.size() > best->prefix.size())) best = &item;
  }
  return best;
}

}  // namespace techo::views::detail
