#pragma once
/// The document under review as data (reports/claims.json), and its claims
/// checked against the code the captures extracted: the status it gave each
/// structure, the attributes it lists for each side, and what it says about
/// single attributes.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "compare/comparison.hpp"
#include "compare/evidence.hpp"
#include "schema/layout.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::compare {

/// One attribute as the document lists it.
struct ListedAttribute {
  std::string name;
  std::string type;
};

/// A structure's code block in the document, for one side.
struct Listing {
  /// The block says "# ... additional fields" or "/* ... */": attributes it
  /// leaves out are not omissions.
  bool incomplete = false;
  std::vector<ListedAttribute> attributes;
};

/// Something the document says about one attribute on one side: that the
/// side lacks it (absent), has it (present), or declares it with a type.
struct AttributeClaim {
  enum class Says { absent, present, type };
  std::string structure;
  std::string attribute;
  std::string side;
  Says says = Says::present;
  std::string type;   ///< for Says::type
  std::string claim;  ///< the document's words
};

/// What a document under review claims (reports/claims.json).
struct Claims {
  std::filesystem::path file;  ///< empty when the project has no claims
  std::string source;
  /// structure → status, e.g. "FULLY COMPATIBLE".
  std::map<std::string, std::string> by_structure;
  /// structure → side → listing.
  std::map<std::string, std::map<std::string, Listing>> listings;
  std::vector<AttributeClaim> attribute_claims;
  /// Every place the file names a structure.
  struct Mention {
    std::string structure;
    std::string pointer;
    std::size_t line = 0;
    std::size_t column = 0;
  };
  std::vector<Mention> mentions;
};

/// Loads claims; throws portcheck::Error when the file is malformed.
Claims load_claims(const std::filesystem::path& file);

/// Structures the claims name that the manifest does not declare.
std::vector<schema::UnknownStructure> unknown_structures(const Claims& claims, const schema::Manifest& manifest);

/// Whether two declared types are the same type: whitespace aside, and
/// Python's typing aliases (List, Dict, Tuple, Set) taken as the builtins.
bool same_declared_type(const std::string& left, const std::string& right);

/// A listing against one real definition: one row per listed attribute and
/// per attribute the code has that the listing leaves out.
std::vector<DocumentFinding> compare_listing(const std::string& side, const Listing& listing,
                                             const CodeDefinition& code);

/// The document against the code for one structure: rows for every side the
/// document lists, and notes (an incomplete listing; a listing that matches
/// another definition of the same name better than the one the side uses).
void compare_document(const Claims& claims, const CaptureRecords& records, const schema::Manifest& manifest,
                      StructureComparison& structure);

/// Each attribute claim against what each side's code declares and writes.
std::vector<AttributeClaimCheck> check_attribute_claims(const Claims& claims, const CaptureRecords& records,
                                                        const schema::SchemaSet& schemas);

}  // namespace portcheck::compare
