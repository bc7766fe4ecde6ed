// Small helpers over RapidJSON's Writer shared by the codecs of this folder
// (match_codec.cc, training_codec.cc). Internal to connectors/json.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>
#include <vector>

namespace leye::json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

inline void Str(Writer& w, std::string_view s) { w.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
inline void Key(Writer& w, std::string_view s) { w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
inline void WriteStrings(Writer& w, const std::vector<std::string>& v) {
  w.StartArray();
  for (const auto& s : v) Str(w, s);
  w.EndArray();
}
inline std::string Done(const rapidjson::StringBuffer& sb) { return std::string(sb.GetString(), sb.GetSize()); }

}  // namespace leye::json
