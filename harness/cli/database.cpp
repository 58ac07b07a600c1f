#include "database.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <string>
#include <system_error>

#include "json/error.hpp"

namespace portcheck::cli {

namespace {

const db::Driver& load() {
  std::error_code status;
  const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", status);
  if (status) throw Error("cannot find portcheck's own executable (/proc/self/exe): " + status.message());
  const std::filesystem::path module = executable.parent_path() / db::kModuleFile;
  void* handle = ::dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = ::dlerror();
    throw Error("cannot load portcheck's PostgreSQL module " + module.string() + ": " +
                (reason != nullptr ? reason : "unknown reason") +
                "; the build writes it beside the portcheck executable, which needs it for the commands that reach a "
                "database");
  }
  using Entry = const db::Driver* (*)();
  const auto entry = reinterpret_cast<Entry>(::dlsym(handle, db::kDriverEntry));
  const db::Driver* driver = entry != nullptr ? entry() : nullptr;
  if (driver == nullptr || driver->fingerprint != db::interface_fingerprint()) {
    throw Error(module.string() + " is not the PostgreSQL module of this portcheck build (" +
                (entry == nullptr    ? std::string("it has no ") + db::kDriverEntry
                 : driver == nullptr ? std::string("it gives no driver")
                                     : std::string("its interface differs")) +
                "): build portcheck again, which writes both files side by side");
  }
  return *driver;
}

}  // namespace

const db::Driver& database() {
  // Never unloaded: the driver's functions may run until exit.
  static const db::Driver& driver = load();
  return driver;
}

}  // namespace portcheck::cli
