#include "compare/document.hpp"

#include <algorithm>

#include "json/document.hpp"
#include "json/error.hpp"
#include "json/pointer.hpp"
#include "json/reader.hpp"

namespace portcheck::compare {

namespace {

Listing read_listing(const json::Reader& reader, const std::string& pointer) {
  reader.object(pointer);
  Listing listing;
  if (reader.has(pointer + "/incomplete")) listing.incomplete = reader.boolean(pointer + "/incomplete");
  const std::string attributes = pointer + "/attributes";
  for (std::size_t index = 0; index < reader.array(attributes).Size(); ++index) {
    const std::string item = json::append_pointer(attributes, std::to_string(index));
    listing.attributes.push_back({reader.string(item + "/name"), reader.string(item + "/type")});
  }
  return listing;
}

std::string collapse_spaces(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t') continue;
    out += c;
  }
  return out;
}

/// Python's typing aliases as the builtins they stand for.
std::string without_typing_aliases(std::string text) {
  for (const auto& [alias, builtin] : {std::pair{"List[", "list["}, std::pair{"Dict[", "dict["},
                                       std::pair{"Tuple[", "tuple["}, std::pair{"Set[", "set["}}) {
    for (auto at = text.find(alias); at != std::string::npos; at = text.find(alias, at)) {
      const bool word_start =
          at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_');
      if (word_start) text.replace(at, std::string(alias).size(), builtin);
      at += std::string(builtin).size();
    }
  }
  return text;
}

const CodeAttribute* find_attribute(const CodeDefinition& code, const std::string& name) {
  const auto found = std::find_if(code.attributes.begin(), code.attributes.end(),
                                  [&](const CodeAttribute& attribute) { return attribute.name == name; });
  return found == code.attributes.end() ? nullptr : &*found;
}

std::size_t agreeing(const std::vector<DocumentFinding>& rows) {
  return static_cast<std::size_t>(std::count_if(
      rows.begin(), rows.end(), [](const DocumentFinding& row) { return row.status == DocumentStatus::agrees; }));
}

std::string location(const CodeDefinition& code) { return code.file + ":" + std::to_string(code.line); }

/// The other definitions of the same name that the manifest names ("also"),
/// found among the captured items by file and name.
std::vector<const CodeDefinition*> also_definitions(const schema::Manifest& manifest, const CaptureRecords& records,
                                                    const std::string& structure, const std::string& side) {
  std::vector<const CodeDefinition*> found;
  const schema::Structure* entry = manifest.find_structure(structure);
  const auto capture = records.captures.find(side);
  if (entry == nullptr || capture == records.captures.end()) return found;
  const auto definition = entry->definitions.find(side);
  if (definition == entry->definitions.end()) return found;
  for (const auto& also : definition->second.also) {
    std::string file;
    std::string item;
    for (const auto& [key, value] : also) {
      if (key == "file") file = value;
      if (key == "item") item = value;
    }
    for (const auto& [name, code] : capture->second.items) {
      if (code.file == file && (name == item || name.ends_with("::" + item))) found.push_back(&code);
    }
  }
  return found;
}

/// What a claim may say: a status portcheck gives, or the reviewed document's
/// own "ARCHITECTURALLY COMPATIBLE" (a status portcheck never gives). A
/// made-up word would only show as a difference, never as a typo. NOT
/// OBSERVED is left out: it says evidence is missing, which no document
/// claims of a structure.
const std::vector<std::string>& claimable_statuses() {
  static const std::vector<std::string> statuses = [] {
    std::vector<std::string> words;
    for (const StructureStatus status :
         {StructureStatus::fully_compatible, StructureStatus::enhanced, StructureStatus::mostly_compatible,
          StructureStatus::incompatible, StructureStatus::candidate_only, StructureStatus::reference_only,
          StructureStatus::no_json}) {
      words.push_back(to_string(status));
    }
    words.emplace_back("ARCHITECTURALLY COMPATIBLE");
    return words;
  }();
  return statuses;
}

}  // namespace

Claims load_claims(const std::filesystem::path& file) {
  Claims claims;
  claims.file = file;
  const json::Document document = json::load_file(file);
  const json::Reader reader(document);
  const auto mention = [&](const std::string& structure, const std::string& pointer) {
    Claims::Mention place{structure, pointer, 0, 0};
    if (const auto position = document.position_of(pointer)) {
      place.line = position->line;
      place.column = position->column;
    }
    claims.mentions.push_back(std::move(place));
  };
  reader.object("");
  reader.only_keys("", {"source", "description", "claims", "listings", "attribute_claims"});
  claims.source = reader.optional_string("/source");
  (void)reader.optional_string("/description");
  for (const std::string& structure : reader.keys("/claims")) {
    const std::string pointer = json::append_pointer("/claims", structure);
    claims.by_structure[structure] = reader.choice(pointer, claimable_statuses());
    mention(structure, pointer);
  }
  if (reader.has("/listings")) {
    for (const std::string& structure : reader.keys("/listings")) {
      const std::string pointer = json::append_pointer("/listings", structure);
      mention(structure, pointer);
      for (const std::string& side : reader.keys(pointer)) {
        claims.listings[structure][side] = read_listing(reader, json::append_pointer(pointer, side));
      }
    }
  }
  if (reader.has("/attribute_claims")) {
    for (std::size_t index = 0; index < reader.array("/attribute_claims").Size(); ++index) {
      const std::string pointer = "/attribute_claims/" + std::to_string(index);
      reader.object(pointer);
      AttributeClaim claim;
      claim.structure = reader.string(pointer + "/structure");
      mention(claim.structure, pointer + "/structure");
      claim.attribute = reader.string(pointer + "/attribute");
      claim.side = reader.string(pointer + "/side");
      claim.claim = reader.string(pointer + "/claim");
      const std::string says = reader.choice(pointer + "/says", {"absent", "present", "type"});
      if (says == "absent") {
        claim.says = AttributeClaim::Says::absent;
      } else if (says == "present") {
        claim.says = AttributeClaim::Says::present;
      } else {
        claim.says = AttributeClaim::Says::type;
        claim.type = reader.string(pointer + "/type");
      }
      claims.attribute_claims.push_back(std::move(claim));
    }
  }
  return claims;
}

std::vector<schema::UnknownStructure> unknown_structures(const Claims& claims, const schema::Manifest& manifest) {
  std::vector<schema::UnknownStructure> found;
  for (const Claims::Mention& mention : claims.mentions) {
    if (manifest.find_structure(mention.structure) != nullptr) continue;
    found.push_back({mention.structure, claims.file.string(), mention.pointer,
                     "claims: the manifest declares no structure \"" + mention.structure + "\" (structures: " +
                         manifest.structure_names() + "): add it to " + manifest.file.string() + " or remove this",
                     mention.line, mention.column});
  }
  return found;
}

bool same_declared_type(const std::string& left, const std::string& right) {
  return without_typing_aliases(collapse_spaces(left)) == without_typing_aliases(collapse_spaces(right));
}

std::vector<DocumentFinding> compare_listing(const std::string& side, const Listing& listing,
                                             const CodeDefinition& code) {
  std::vector<DocumentFinding> rows;
  for (const ListedAttribute& listed : listing.attributes) {
    DocumentFinding row{side, listed.name, listed.type, "", DocumentStatus::agrees, ""};
    const CodeAttribute* attribute = find_attribute(code, listed.name);
    const bool property =
        std::find(code.properties.begin(), code.properties.end(), listed.name) != code.properties.end();
    if (attribute == nullptr) {
      row.status = DocumentStatus::missing_in_code;
      row.note =
          property ? "a computed property in the code, not an attribute" : location(code) + " has no such attribute";
    } else if (!attribute->annotated) {
      row.status = DocumentStatus::unannotated_in_code;
      row.note = "declared by " + attribute->declared_by + ", without a type";
    } else {
      row.code_type = attribute->type;
      if (!same_declared_type(listed.type, attribute->type)) row.status = DocumentStatus::declared_differently;
    }
    rows.push_back(std::move(row));
  }
  for (const CodeAttribute& attribute : code.attributes) {
    const bool listed = std::any_of(listing.attributes.begin(), listing.attributes.end(),
                                    [&](const ListedAttribute& item) { return item.name == attribute.name; });
    if (listed) continue;
    DocumentFinding row{side, attribute.name, "", attribute.type, DocumentStatus::omitted_by_document, ""};
    if (!attribute.annotated) row.note = "declared by " + attribute.declared_by + ", without a type";
    if (listing.incomplete) {
      row.note += std::string(row.note.empty() ? "" : "; ") + "the listing says it is incomplete";
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void compare_document(const Claims& claims, const CaptureRecords& records, const schema::Manifest& manifest,
                      StructureComparison& structure) {
  const auto listings = claims.listings.find(structure.structure);
  for (const std::string& side : structure.sides) {
    const StructureCapture* capture = records.capture(side, structure.structure);
    const bool listed = listings != claims.listings.end() && listings->second.contains(side);
    if (!listed) {
      if (capture != nullptr) {
        structure.document_notes.push_back(
            "The document lists no " + side + " attributes of " + structure.structure + "; the code declares " +
            std::to_string(capture->definition.attributes.size()) + " (" + location(capture->definition) + ").");
      }
      continue;
    }
    const Listing& listing = listings->second.at(side);
    if (capture == nullptr) {
      structure.document_notes.push_back("No " + side + " capture record: the " + side +
                                         " listing cannot be checked against the code.");
      continue;
    }
    std::vector<DocumentFinding> rows = compare_listing(side, listing, capture->definition);
    if (listing.incomplete) {
      structure.document_notes.push_back("The document's " + side +
                                         " listing says it is incomplete; attributes it leaves out are listed as "
                                         "omitted, not as mistakes.");
    }
    // A listing may describe another definition of the same name better.
    for (const CodeDefinition* other : also_definitions(manifest, records, structure.structure, side)) {
      const std::vector<DocumentFinding> other_rows = compare_listing(side, listing, *other);
      if (agreeing(other_rows) > agreeing(rows)) {
        std::string derives;
        for (const std::string& name : other->derives) derives += (derives.empty() ? "" : ", ") + name;
        structure.document_notes.push_back(
            "The document's " + side + " listing matches " + other->name + " (" + location(*other) + ", derives " +
            derives + ") in " + std::to_string(agreeing(other_rows)) + " of " +
            std::to_string(listing.attributes.size()) + " attributes, but the structure the " + side +
            " runner writes and reads is " + capture->definition.name + " (" + location(capture->definition) +
            "), which it matches in " + std::to_string(agreeing(rows)) + ".");
      }
    }
    structure.document.insert(structure.document.end(), rows.begin(), rows.end());
  }
}

namespace {

/// What a side's schema says about writing an attribute.
std::string written_by_schema(const schema::SchemaSet& schemas, const schema::Structure& structure,
                              const std::string& side, const std::string& attribute, bool& declared_only) {
  declared_only = false;
  const schema::StructureSchema* schema = schemas.find(side, structure.name);
  if (schema == nullptr) return "does not declare " + structure.name;
  if (!structure.has_json(side)) return "has no JSON form of " + structure.name;
  const rapidjson::Value& root = *schemas.root_of(schema->file()).value;
  if (root.HasMember("properties") && root["properties"].IsObject()) {
    for (const auto& property : root["properties"].GetObject()) {
      const std::string key = property.name.GetString();
      const schema::FieldDescription field = schemas.describe(*schema, json::append_pointer("", key));
      if (key == attribute || field.source_name == attribute) {
        return std::string(structure.is_written_by(side) ? "writes" : "reads") + " it as \"" + key + "\"";
      }
    }
  }
  for (const schema::DeclaredOnly& entry : schemas.declared_only(*schema)) {
    if (entry.name == attribute) {
      declared_only = true;
      return "declares it but never writes it";
    }
  }
  return "does not write it";
}

}  // namespace

std::vector<AttributeClaimCheck> check_attribute_claims(const Claims& claims, const CaptureRecords& records,
                                                        const schema::SchemaSet& schemas) {
  std::vector<AttributeClaimCheck> checks;
  for (const AttributeClaim& claim : claims.attribute_claims) {
    const schema::Structure* structure = schemas.manifest().find_structure(claim.structure);
    if (structure == nullptr) continue;
    AttributeClaimCheck check{claim.structure, claim.attribute, claim.claim, "", {}, ClaimHolds::unchecked, ""};
    switch (claim.says) {
      case AttributeClaim::Says::absent:
        check.statement = claim.side + " lacks it";
        break;
      case AttributeClaim::Says::present:
        check.statement = claim.side + " has it";
        break;
      case AttributeClaim::Says::type:
        check.statement = claim.side + " declares it " + claim.type;
        break;
    }
    for (const std::string& side : structure->sides) {
      AttributeClaimCheck::SideFacts facts;
      facts.side = side;
      if (const StructureCapture* capture = records.capture(side, claim.structure)) {
        facts.declared_at = location(capture->definition);
        if (const CodeAttribute* attribute = find_attribute(capture->definition, claim.attribute)) {
          facts.declared = true;
          facts.declared_type = attribute->annotated ? attribute->type : "unannotated";
        }
      }
      bool declared_only = false;
      facts.written = written_by_schema(schemas, *structure, side, claim.attribute, declared_only);
      check.sides.push_back(std::move(facts));
    }
    const auto claimed =
        std::find_if(check.sides.begin(), check.sides.end(),
                     [&](const AttributeClaimCheck::SideFacts& facts) { return facts.side == claim.side; });
    const AttributeClaimCheck::SideFacts* claimed_side = claimed == check.sides.end() ? nullptr : &*claimed;
    check.holds = ClaimHolds::unchecked;
    if (claimed_side == nullptr) {
      check.verdict = "The code has no " + claim.side + " side of " + claim.structure + ".";
    } else if (claimed_side->declared_at.empty()) {
      check.verdict = "No " + claim.side + " capture record: the claim cannot be checked against the code.";
    } else {
      const std::string subject = claim.side + " " + claim.structure + "." + claim.attribute;
      const auto holds = [&](const std::string& what) {
        check.holds = ClaimHolds::yes;
        check.verdict = "Holds: " + subject + " " + what + ".";
      };
      const auto wrong = [&](const std::string& what) {
        check.holds = ClaimHolds::no;
        check.verdict = "Wrong: " + subject + " " + what + ".";
      };
      switch (claim.says) {
        case AttributeClaim::Says::absent:
          if (claimed_side->declared) {
            wrong("exists (" + claimed_side->declared_type + ", " + claimed_side->declared_at + ")");
          } else {
            holds("does not exist");
          }
          break;
        case AttributeClaim::Says::present:
          if (claimed_side->declared) {
            holds("exists (" + claimed_side->declared_type + ")");
          } else {
            wrong("does not exist (" + claimed_side->declared_at + ")");
          }
          break;
        case AttributeClaim::Says::type:
          if (!claimed_side->declared) {
            wrong("does not exist (" + claimed_side->declared_at + ")");
          } else if (same_declared_type(claim.type, claimed_side->declared_type)) {
            holds("is " + claimed_side->declared_type);
          } else {
            wrong("is " + claimed_side->declared_type + ", not " + claim.type);
          }
          break;
      }
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

}  // namespace portcheck::compare
