#include "json/diff.hpp"

#include <algorithm>
#include <map>

#include "json/canonical.hpp"
#include "json/pointer.hpp"

namespace portcheck::json {

std::string to_string(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::added:
      return "key-added";
    case ChangeKind::removed:
      return "key-removed";
    case ChangeKind::renamed:
      return "key-renamed";
    case ChangeKind::type_changed:
      return "type-changed";
    case ChangeKind::value_changed:
      return "value-changed";
  }
  return "?";
}

namespace {

class Differ {
 public:
  Differ(const Document& before, const Document& after) : before_(before), after_(after) {}

  void value(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    if (before.IsObject() && after.IsObject()) {
      object(before, after, pointer);
    } else if (before.IsArray() && after.IsArray()) {
      array(before, after, pointer);
    } else if (kind_of(before) != kind_of(after)) {
      changes.push_back({pointer, ChangeKind::type_changed, text(before_, before), text(after_, after), ""});
    } else if (text(before_, before) != text(after_, after)) {
      changes.push_back({pointer, ChangeKind::value_changed, text(before_, before), text(after_, after), ""});
    }
  }

  std::vector<Change> changes;

 private:
  static std::string text(const Document& document, const rapidjson::Value& value) {
    return compact_canonical_text(document, value);
  }

  /// A JSON type: true and false are one.
  static int kind_of(const rapidjson::Value& value) {
    return value.IsBool() ? static_cast<int>(rapidjson::kTrueType) : static_cast<int>(value.GetType());
  }

  void object(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    std::vector<std::string> removed;
    std::vector<std::string> added;
    for (const auto& member : before.GetObject()) {
      const std::string key(member.name.GetString(), member.name.GetStringLength());
      const auto found = after.FindMember(member.name);
      if (found == after.MemberEnd()) {
        removed.push_back(key);
      } else {
        value(member.value, found->value, append_pointer(pointer, key));
      }
    }
    for (const auto& member : after.GetObject()) {
      if (!before.HasMember(member.name)) added.emplace_back(member.name.GetString(), member.name.GetStringLength());
    }
    // A key that left and one that came with the same value: a rename.
    for (const std::string& old_key : removed) {
      const std::string old_text = text(before_, before[old_key.c_str()]);
      const auto renamed = std::find_if(added.begin(), added.end(), [&](const std::string& new_key) {
        return text(after_, after[new_key.c_str()]) == old_text;
      });
      if (renamed != added.end()) {
        changes.push_back({append_pointer(pointer, *renamed), ChangeKind::renamed, old_text, old_text,
                           append_pointer(pointer, old_key)});
        added.erase(renamed);
      } else {
        changes.push_back({append_pointer(pointer, old_key), ChangeKind::removed, old_text, "", ""});
      }
    }
    for (const std::string& key : added) {
      changes.push_back({append_pointer(pointer, key), ChangeKind::added, "", text(after_, after[key.c_str()]), ""});
    }
  }

  void array(const rapidjson::Value& before, const rapidjson::Value& after, const std::string& pointer) {
    const rapidjson::SizeType common = std::min(before.Size(), after.Size());
    for (rapidjson::SizeType index = 0; index < common; ++index) {
      value(before[index], after[index], append_pointer(pointer, std::to_string(index)));
    }
    for (rapidjson::SizeType index = common; index < before.Size(); ++index) {
      changes.push_back(
          {append_pointer(pointer, std::to_string(index)), ChangeKind::removed, text(before_, before[index]), "", ""});
    }
    for (rapidjson::SizeType index = common; index < after.Size(); ++index) {
      changes.push_back(
          {append_pointer(pointer, std::to_string(index)), ChangeKind::added, "", text(after_, after[index]), ""});
    }
  }

  const Document& before_;
  const Document& after_;
};

}  // namespace

std::vector<Change> diff_values(const Document& before_document, const rapidjson::Value& before,
                                const Document& after_document, const rapidjson::Value& after,
                                const std::string& pointer) {
  Differ differ(before_document, after_document);
  differ.value(before, after, pointer);
  std::stable_sort(differ.changes.begin(), differ.changes.end(),
                   [](const Change& left, const Change& right) { return left.pointer < right.pointer; });
  return std::move(differ.changes);
}

}  // namespace portcheck::json
