#pragma once
/// What the command line asks of PostgreSQL, as a table of entry points
/// that the module portcheck-postgresql.so hands over. Only the commands
/// that reach a database load it: libpq, libpqxx and what they link (TLS,
/// Kerberos, LDAP, SASL: 22 of the executable's 31 libraries) cost every
/// run 2 ms of dynamic linking (`portcheck --version`: 4.7 ms with them,
/// 2.7 without).

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compare/comparison.hpp"
#include "db/scan.hpp"
#include "scan/totals.hpp"
#include "schema/schema_set.hpp"

namespace portcheck::db {

struct Driver {
  /// interface_fingerprint() as the module was built: a module of another
  /// build, whose types may differ, is refused rather than called.
  std::size_t fingerprint;
  /// describe_dsn() of db/connection.hpp.
  std::string (*describe_dsn)(const std::string& dsn);
  /// check_storage() of db/storage_check.hpp.
  std::vector<compare::StorageFinding> (*check_storage)(const schema::SchemaSet& schemas, const std::string& dsn);
  /// scan() of db/scan.hpp.
  ScanResult (*scan)(const schema::SchemaSet& schemas, const ScanRequest& request,
                     const std::function<void(std::size_t, std::optional<std::size_t>)>& progress,
                     const std::function<void(scan::Totals&)>& after_batch);
};

/// The version of this interface (raise it when Driver changes) and the
/// sizes of the types that cross it, combined: what the executable and the
/// module must agree on.
inline constexpr std::size_t kDriverInterface = 1;
constexpr std::size_t interface_fingerprint() {
  std::size_t fingerprint = kDriverInterface;
  for (const std::size_t size : {sizeof(Driver), sizeof(ScanRequest), sizeof(ScanResult), sizeof(scan::Totals),
                                 sizeof(schema::SchemaSet), sizeof(schema::Manifest), sizeof(schema::StructureSchema),
                                 sizeof(compare::StorageFinding), sizeof(compare::Refusal)}) {
    fingerprint = fingerprint * 1000003 + size;
  }
  return fingerprint;
}

/// The module's file name, beside the executable, and the name of its one
/// exported function, `const Driver* portcheck_postgresql_driver()`.
inline constexpr const char* kModuleFile = "portcheck-postgresql.so";
inline constexpr const char* kDriverEntry = "portcheck_postgresql_driver";

}  // namespace portcheck::db
