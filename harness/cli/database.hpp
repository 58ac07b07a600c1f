#pragma once
/// The PostgreSQL module, loaded by the commands that reach a database.

#include "db/driver.hpp"

namespace portcheck::cli {

/// Loads portcheck-postgresql.so from the executable's folder the first
/// time (db/driver.hpp says why it is a module). Throws portcheck::Error,
/// naming the file and the loader's reason, when it cannot.
const db::Driver& database();

}  // namespace portcheck::cli
