#include "db/connection.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

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
    auto connection = std::make_unique<pqxx::connection>(dsn);
    // Text in UTF-8 whatever the database's encoding, as JSON is read.
    connection->set_client_encoding("UTF8");
    return connection;
  } catch (const std::exception& error) {
    // libpq's own text may quote the connection string (a malformed URI is
    // echoed back): it is scrubbed of the password too.
    throw Error("cannot connect to the database (" + describe_dsn(dsn) + "): " + redacted(trimmed(error.what()), dsn));
  }
}

namespace {

// The three places a connection string carries a password (or the
// passphrase of a client key, sslpassword): a keyword value (`password=x`,
// `password = 'a b\'c'`, `password=a\ b`, where a backslash keeps the next
// character), a URI's user information (`postgresql://user:x@host`) and a
// URI's query (`?password=x`, `&sslpassword=x`).
const std::regex keyword_password(
    R"(((?:^|\s)(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|(?:\\.|[^\s'\\])(?:\\.|[^\s\\])*))");
const std::regex uri_password(R"((://[^:/@?#\[]*):[^@/?#]*@)");
const std::regex query_password(R"(([?&](?:ssl)?password=)[^&#\s]*)");

std::string percent_decoded(const std::string& text) {
  std::string decoded;
  for (std::size_t index = 0; index < text.size(); ++index) {
    if (text[index] == '%' && index + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[index + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[index + 2]))) {
      decoded += static_cast<char>(std::stoi(text.substr(index + 1, 2), nullptr, 16));
      index += 2;
    } else {
      decoded += text[index];
    }
  }
  return decoded;
}

/// Every spelling of the passwords a connection string holds, as they could
/// appear in a message: as written, unquoted and percent-decoded.
std::vector<std::string> passwords_in(const std::string& dsn) {
  std::vector<std::string> passwords;
  const auto add = [&](std::string password) {
    if (password.empty()) return;
    passwords.push_back(password);
    const std::string decoded = percent_decoded(password);
    if (decoded != password) passwords.push_back(decoded);
  };
  for (auto match = std::sregex_iterator(dsn.begin(), dsn.end(), keyword_password); match != std::sregex_iterator();
       ++match) {
    std::string value = (*match)[2].str();
    add(value);
    // As libpq reads it: without its quotes, a backslash keeping the next
    // character.
    const bool quoted = value.size() >= 2 && value.front() == '\'';
    const std::size_t end = quoted ? value.size() - 1 : value.size();
    std::string unescaped;
    for (std::size_t index = quoted ? 1 : 0; index < end; ++index) {
      if (value[index] == '\\' && index + 1 < end) ++index;
      unescaped += value[index];
    }
    add(unescaped);
  }
  static const std::regex uri_user_password(R"(://[^:/@?#\[]*:([^@/?#]*)@)");
  for (auto match = std::sregex_iterator(dsn.begin(), dsn.end(), uri_user_password); match != std::sregex_iterator();
       ++match) {
    add((*match)[1].str());
  }
  static const std::regex query_value(R"([?&](?:ssl)?password=([^&#\s]*))");
  for (auto match = std::sregex_iterator(dsn.begin(), dsn.end(), query_value); match != std::sregex_iterator(); ++match) {
    add((*match)[1].str());
  }
  // Longest first: a password that contains another is replaced whole.
  std::sort(passwords.begin(), passwords.end(),
            [](const std::string& left, const std::string& right) { return left.size() > right.size(); });
  return passwords;
}

}  // namespace

std::string describe_dsn(const std::string& dsn) {
  std::string text = std::regex_replace(dsn, keyword_password, "$1***");
  text = std::regex_replace(text, uri_password, "$1:***@");
  text = std::regex_replace(text, query_password, "$1***");
  // Whatever the patterns missed (a malformed string), the password itself.
  return redacted(text, dsn);
}

std::string redacted(const std::string& text, const std::string& dsn) {
  std::string result = text;
  for (const std::string& password : passwords_in(dsn)) {
    for (std::size_t at = result.find(password); at != std::string::npos; at = result.find(password, at + 3)) {
      result.replace(at, password.size(), "***");
    }
  }
  return result;
}

}  // namespace portcheck::db
