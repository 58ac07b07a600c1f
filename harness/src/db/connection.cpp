#include "db/connection.hpp"

#include <regex>

#include <pqxx/except>

#include "json/error.hpp"

namespace portcheck::db {

std::string trimmed(const std::string& message) {
  std::string text = message;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (auto& character : text) {
    if (character == '\n') character = ' ';
  }
  return text;
}

std::unique_ptr<pqxx::connection> connect(const std::string& dsn) {
  try {
    return std::make_unique<pqxx::connection>(dsn);
  } catch (const std::exception& error) {
    throw Error("cannot connect to the database (" + describe_dsn(dsn) + "): " + trimmed(error.what()));
  }
}

std::string describe_dsn(const std::string& dsn) {
  static const std::regex keyword_password(R"(password\s*=\s*('[^']*'|\S+))");
  static const std::regex uri_password(R"(://([^:/@]+):[^@/]*@)");
  return std::regex_replace(std::regex_replace(dsn, keyword_password, "password=***"), uri_password, "://$1:***@");
}

}  // namespace portcheck::db
