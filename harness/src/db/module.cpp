// The entry point of portcheck-postgresql.so (see db/driver.hpp).

#include "db/connection.hpp"
#include "db/driver.hpp"
#include "db/storage_check.hpp"

extern "C" __attribute__((visibility("default"))) const portcheck::db::Driver* portcheck_postgresql_driver() {
  static const portcheck::db::Driver driver{portcheck::db::interface_fingerprint(), &portcheck::db::describe_dsn,
                                            &portcheck::db::check_storage, &portcheck::db::scan};
  return &driver;
}
