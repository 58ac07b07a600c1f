#include "compare/classify.hpp"

#include <algorithm>

#include "json/error.hpp"
#include "json/pointer.hpp"

namespace portcheck::compare {

namespace {

/// Calls visit(key, left member, right member) for each key of either object
/// in key order (a member a side lacks does not exist), until visit returns
/// false: one walk of both objects' sorted members.
template <typename Visit>
bool each_key(const codec::Value& left, const codec::Value& right, Visit visit) {
  const codec::SortedMembers left_members(left);
  const codec::SortedMembers right_members(right);
  std::size_t at_left = 0;
  std::size_t at_right = 0;
  while (at_left < left_members.size() || at_right < right_members.size()) {
    const bool left_first = at_right == right_members.size() ||
                            (at_left < left_members.size() && left_members.key(at_left) < right_members.key(at_right));
    const bool right_first = at_left == left_members.size() ||
                             (at_right < right_members.size() && right_members.key(at_right) < left_members.key(at_left));
    const std::string key(left_first || !right_first ? left_members.key(at_left) : right_members.key(at_right));
    const codec::Child a = right_first ? codec::Child() : left_members.value(at_left++);
    const codec::Child b = left_first ? codec::Child() : right_members.value(at_right++);
    if (!visit(key, a, b)) return false;
  }
  return true;
}

}  // namespace

bool equivalent_ignoring_nulls(const codec::Value& left, const codec::Value& right) {
  if (left.kind == codec::Kind::object && right.kind == codec::Kind::object) {
    const codec::Value null_value;
    return each_key(left, right, [&](const std::string&, const codec::Child& a, const codec::Child& b) {
      return equivalent_ignoring_nulls(a.exists() ? a.get() : null_value, b.exists() ? b.get() : null_value);
    });
  }
  if (left.kind == codec::Kind::array && right.kind == codec::Kind::array) {
    const std::size_t size = codec::size_of(left);
    if (size != codec::size_of(right)) return false;
    for (std::size_t index = 0; index < size; ++index) {
      if (!equivalent_ignoring_nulls(codec::item_of(left, index).get(), codec::item_of(right, index).get())) {
        return false;
      }
    }
    return true;
  }
  return codec::equivalent(left, right);
}

namespace {

/// Where two values first differ, as "at <relative pointer>: <left> against
/// <right>"; empty when they are equivalent.
std::string first_difference(const codec::Value& left, const codec::Value& right, const std::string& pointer) {
  if (left.kind == codec::Kind::object && right.kind == codec::Kind::object) {
    std::string found;
    each_key(left, right, [&](const std::string& key, const codec::Child& a, const codec::Child& b) {
      const std::string at = json::append_pointer(pointer, key);
      if (!a.exists() || !b.exists()) {
        found = "at " + at + ": " + (a.exists() ? codec::describe(a.get()) : "absent") + " against " +
                (b.exists() ? codec::describe(b.get()) : "absent");
      } else {
        found = first_difference(a.get(), b.get(), at);
      }
      return found.empty();
    });
    return found;
  }
  const std::size_t size = codec::size_of(left);
  if (left.kind == codec::Kind::array && right.kind == codec::Kind::array && size == codec::size_of(right)) {
    for (std::size_t index = 0; index < size; ++index) {
      const std::string found = first_difference(codec::item_of(left, index).get(), codec::item_of(right, index).get(),
                                                 json::append_pointer(pointer, std::to_string(index)));
      if (!found.empty()) return found;
    }
    return "";
  }
  if (codec::equivalent(left, right)) return "";
  return "at " + (pointer.empty() ? std::string("(value)") : pointer) + ": " + codec::describe(left) + " against " +
         codec::describe(right);
}

bool comparable_kinds(codec::Kind left, codec::Kind right) {
  using codec::Kind;
  const auto numeric = [](Kind kind) { return kind == Kind::integer || kind == Kind::number; };
  const auto textual = [](Kind kind) { return kind == Kind::string || kind == Kind::revision; };
  const auto temporal = [](Kind kind) { return kind == Kind::duration || kind == Kind::interval; };
  return left == right || (numeric(left) && numeric(right)) || (textual(left) && textual(right)) ||
         (temporal(left) && temporal(right));
}

int rank(FieldStatus status) {
  switch (status) {
    case FieldStatus::type_mismatch:
      return 5;
    case FieldStatus::value_mismatch:
      return 4;
    case FieldStatus::presence_mismatch:
      return 3;
    case FieldStatus::same_after_conversion:
      return 2;
    default:
      return 1;
  }
}

}  // namespace

bool worse(FieldStatus status, FieldStatus other) { return rank(status) > rank(other); }

FieldStatus classify(const Observed& reference, const Observed& candidate, std::string& note) {
  if (reference.present() != candidate.present()) {
    note = std::string("only the ") + (reference.present() ? "reference" : "candidate") + " writes it";
    return FieldStatus::presence_mismatch;
  }
  if (same_text(reference, candidate)) return FieldStatus::same;
  const bool reference_null = reference.value.kind == codec::Kind::null;
  const bool candidate_null = candidate.value.kind == codec::Kind::null;
  if (reference_null != candidate_null) {
    note = std::string("null on the ") + (reference_null ? "reference" : "candidate") + " side only";
    return FieldStatus::presence_mismatch;
  }
  if (codec::equivalent(reference.value, candidate.value)) {
    // Keys and strings of a document, on one line: control characters and
    // bytes that are not UTF-8 escaped (printable()).
    note = printable("same value: " + codec::describe(reference.value));
    return FieldStatus::same_after_conversion;
  }
  if (equivalent_ignoring_nulls(reference.value, candidate.value)) {
    note = "equal but for keys that are null on one side and absent on the other";
    return FieldStatus::presence_mismatch;
  }
  if (comparable_kinds(reference.value.kind, candidate.value.kind)) {
    note = printable(first_difference(reference.value, candidate.value, ""));
    if (note.starts_with("at (value): ")) note = note.substr(12);
    return FieldStatus::value_mismatch;
  }
  note = codec::kind_name(reference.value.kind) + " against " + codec::kind_name(candidate.value.kind);
  return FieldStatus::type_mismatch;
}

}  // namespace portcheck::compare
