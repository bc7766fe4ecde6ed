// The register in Redis, the system of record (ARCHITECTURE.md, "State and
// storage"). Every write is one MULTI/EXEC that also appends to the county's
// change stream, so Redis never holds a record without its index entries or
// its change entry, and a second instance can follow the streams.
//
// Key layout. C is the 6-digit county code, always inside {} so that all of a
// county's keys hash to one Redis Cluster slot:
//   leye:{C}:<singular kind>:<id>  string  the record's canonical JSON
//                                          (EncodeRecord, IdVisibility::kFull)
//                                          with a worker's id_number replaced
//                                          by PiiCipher::Seal(id_number)
//   leye:{C}:<plural kind>         set     ids of that kind in county C
//   leye:{C}:idn:<hmac>            string  worker id; <hmac> is
//                                          PiiCipher::Hmac(id_number), never
//                                          the number itself
//   leye:{C}:changes               stream  one entry per write, fields
//                                          op (put|delete), kind (plural wire
//                                          name, "workers"), id; a delete
//                                          caused by a move to another county
//                                          also has moved_to=<new county>.
//                                          Trimmed to about 1 000 000 entries.
//   leye:counties                  set     every county code ever written
//                                          (added before the transaction; an
//                                          orphan entry is harmless)
//   leye:audit                     stream  audit entries: actor, action, kind,
//                                          record_id, at_ms (not trimmed)
// Kinds: household(s), worker(s), employer(s), posting(s), training(s).
// A dump of Redis therefore never shows an ID number in plain text.
//
// Ids are unique per kind across counties: the caller (the register) knows
// each record's county and passes it in, together with the previous county
// when a record moves. The store itself does not enforce uniqueness of ids
// or ID numbers; the register checks both before writing.
//
// Failures: Redis unreachable / timeout -> Unavailable; a county that is not
// 6 digits -> Invalid; an error reply or undecodable stored data -> Internal
// (messages never carry personal data).
// Thread safety: all methods may be called concurrently (RedisClient pools
// connections; PiiCipher is immutable). The client and the cipher must
// outlive the store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectors/redis/pii_cipher.h"
#include "connectors/redis/redis_client.h"
#include "matcher/model.h"
#include "matcher/status.h"

namespace leye {

class RedisStore {
 public:
  RedisStore(RedisClient& client, const PiiCipher& cipher);

  // --- keys (see the layout above) -----------------------------------------
  static std::string RecordKey(std::string_view county, Kind kind, std::string_view id);
  static std::string KindSetKey(std::string_view county, Kind kind);
  static std::string IdNumberKey(std::string_view county, std::string_view id_number_hmac);
  static std::string ChangesKey(std::string_view county);
  // "leye:{C}:<suffix>", for documents of later features that belong to a
  // county. REQUIRES: suffix does not collide with the names above.
  static std::string CountyKey(std::string_view county, std::string_view suffix);
  static constexpr std::string_view kCountiesKey = "leye:counties";
  static constexpr std::string_view kAuditKey = "leye:audit";
  static constexpr long long kChangesMaxLen = 1000000;  // approximate (MAXLEN ~)

  // --- records ---------------------------------------------------------------
  // One atomic step (MULTI/EXEC): the record under `county`, its id in the
  // kind's set, the worker ID-number index (the old index key removed when
  // `previous` is a worker with another id_number), and one entry on the
  // county's change stream. When `previous_county` is not empty and differs
  // from `county`, the old record key, set member and index key are removed
  // in the same step and the old county's stream gets a delete entry with
  // moved_to (so a move is one step, but spans two Cluster slots: on Redis
  // Cluster it would need a different scheme).
  // REQUIRES: `previous`, when given, is the stored record of the same kind
  // and id (its id_number in plain text).
  Status Put(const Record& r, const std::string& county, const Record* previous = nullptr,
             const std::string& previous_county = {});

  // Many independent puts, pipelined, each its own MULTI/EXEC (imports).
  // Same as Put with no previous record, so it REQUIRES that each record is
  // new, or keeps its county and (for a worker) its ID number; otherwise use
  // Put. On failure returns the Status, and `*stored` (when given) is the
  // number of leading items known to be written; later items may or may not
  // be (each put is idempotent, so redoing the rest is safe). On success
  // `*stored` is items.size().
  Status PutMany(const std::vector<std::pair<Record, std::string>>& items,
                 size_t* stored = nullptr);

  // Atomic: removes the record, its set member and (for a worker) its
  // ID-number index key, and appends a delete entry to the county's stream.
  // Deleting an absent record is not an error (the entry is still appended).
  Status Delete(const Record& r, const std::string& county);

  // The record (kind, id) of `county`, its ID number opened; NotFound when
  // absent.
  Result<Record> Get(Kind kind, const std::string& county, const std::string& id);

  // The worker whose ID number is `id_number`, found through the HMAC index
  // of `county` (or of every county when `county` is empty) and verified
  // against the stored record, so a stale index entry never gives a wrong
  // answer. nullopt when there is none.
  Result<std::optional<Worker>> FindWorkerByIdNumber(const std::string& id_number,
                                                     const std::string& county = {});

  // Every record of every county, ID numbers opened, ordered by kind
  // (kAllKinds order, so referenced kinds come first), then county, then id.
  // Used to rebuild memory at start: SMEMBERS per county and kind, then MGET
  // in batches of 1000 keys, pipelined.
  Result<std::vector<Record>> LoadAll();

  // --- audit -----------------------------------------------------------------
  struct AuditEntry {
    std::string actor;
    std::string action;
    std::string kind;
    std::string record_id;
    int64_t at_ms = 0;  // Unix time in ms; 0 on append means "now"
    bool operator==(const AuditEntry&) const = default;
  };
  Status AppendAudit(const AuditEntry& e);
  // The newest `max_entries` entries, oldest first (newest last).
  Result<std::vector<AuditEntry>> ReadAudit(size_t max_entries);

  // --- small generic documents (later features) --------------------------------
  // A string value (JSON by convention) under `key`, e.g. CountyKey(C, "run:7").
  Status SetDocument(const std::string& key, std::string_view json);
  // nullopt when absent.
  Result<std::optional<std::string>> GetDocument(const std::string& key);
  Status DeleteDocument(const std::string& key);

 private:
  Result<std::string> StoredJson(const Record& r) const;
  Result<Record> Decode(Kind kind, std::string_view json, std::string_view id,
                        const std::string& key) const;
  // The commands (without MULTI/EXEC) of one put.
  std::vector<std::vector<std::string>> PutCommands(const Record& r, const std::string& json,
                                                    const std::string& county,
                                                    const Record* previous,
                                                    const std::string& previous_county) const;

  RedisClient& client_;
  const PiiCipher& cipher_;
};

}  // namespace leye
