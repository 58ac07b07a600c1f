#include <fstream>

#include "json/error.hpp"
#include "report/report.hpp"

namespace portcheck::report {

std::string side_title(const std::string& side) {
  if (side.empty()) return side;
  std::string title = side;
  title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
  return title;
}

std::string shorten(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit - 3;
  // Never cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  return text.substr(0, cut) + "...";
}

std::string render_summary(const compare::Comparison& comparison) {
  std::size_t width = 0;
  for (const auto& structure : comparison.structures) width = std::max(width, structure.structure.size());
  std::string text;
  for (const auto& structure : comparison.structures) {
    text += structure.structure + std::string(width + 2 - structure.structure.size(), ' ') +
            compare::to_string(structure.observed_status);
    if (!structure.claimed.empty()) text += " (claimed " + structure.claimed + ")";
    text += "\n";
  }
  return text;
}

std::vector<std::filesystem::path> write_reports(const compare::Comparison& comparison,
                                                 const std::string& claims_source,
                                                 const std::filesystem::path& directory) {
  const std::vector<std::pair<std::string, std::string>> outputs{
      {"compatibility.md", render_markdown(comparison, claims_source)},
      {"compatibility.json", render_json(comparison, claims_source)},
      {"compatibility.junit.xml", render_junit(comparison)},
      {"compatibility.html", render_html(comparison, claims_source)},
  };
  std::filesystem::create_directories(directory);
  std::vector<std::filesystem::path> temporaries;
  for (const auto& [name, contents] : outputs) {
    const std::filesystem::path temporary = directory / (name + ".tmp");
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    stream << contents;
    stream.close();
    if (!stream) {
      for (const auto& written : temporaries) std::filesystem::remove(written);
      throw Error("cannot write the file", SourceLocation::in_file(temporary.string()));
    }
    temporaries.push_back(temporary);
  }
  std::vector<std::filesystem::path> written;
  for (std::size_t index = 0; index < outputs.size(); ++index) {
    const std::filesystem::path target = directory / outputs[index].first;
    std::filesystem::rename(temporaries[index], target);
    written.push_back(target);
  }
  return written;
}

}  // namespace portcheck::report
