#include "service/knowledge_support_service.hpp"

#include <map>

#include "service/audit_sink.hpp"
#include "store/case_store.hpp"
#include "store/structure_store.hpp"

namespace ks::service {

namespace {

namespace kss = store::knowledge_supports;
using nlohmann::json;

Status require_signed_in(const Actor& actor) {
  if (actor.anonymous()) return fail(Error::unauthenticated("logga in för att fortsätta"));
  return {};
}

Status check_owner(store::Connection& c, const std::optional<std::string>& owner) {
  if (!owner) return {};
  auto unit = KS_TRY(store::structure::find_unit(c, *owner));
  if (!unit || (unit->kind != domain::UnitKind::npo && unit->kind != domain::UnitKind::nag))
    return fail(Error::invalid("ägaren ska vara ett NPO eller en NAG: " + *owner, "owner_unit_id"));
  return {};
}

json support_json(std::int64_t id, const domain::KnowledgeSupportInput& f) {
  return {{"id", id}, {"title", f.title}, {"kind", domain::to_key(f.kind)},
          {"national_status", domain::to_key(f.national_status)}, {"version", f.version}};
}

} // namespace

Result<StoredDocument> store_document_with_diary(store::Connection& c, const Context& ctx, const Actor& actor,
                                                 const store::documents::Owner& owner, const Upload& file,
                                                 const DiaryRegistration& diary) {
  const auto type = KS_TRY(domain::check_document(file.filename, file.content, ctx.config.max_upload_bytes));
  auto region = KS_TRY(store::structure::find_unit(c, diary.region_id));
  if (!region || region->kind != domain::UnitKind::region)
    return fail(Error::invalid("okänd region för diariet: " + diary.region_id, "diary.region_id"));
  const Instant now = ctx.clock.now();
  const auto id = KS_TRY(store::documents::insert(c, owner, file.filename, domain::media_type(type), file.content,
                                                  actor.username, now));
  store::diary::NewEntry entry;
  entry.region_id = diary.region_id;
  entry.entry_date = format_date(now);
  entry.direction = diary.direction;
  entry.counterpart = diary.counterpart.empty() && diary.direction == domain::DiaryDirection::in ? "SKR" : diary.counterpart;
  entry.description = diary.description.empty() ? file.filename : diary.description;
  entry.knowledge_support_id = owner.knowledge_support_id;
  entry.case_id = owner.case_id;
  entry.document_id = id;
  entry.created_by = actor.username;
  auto stored = KS_TRY(store::diary::register_entry(c, entry, now));
  return StoredDocument{id, stored.number};
}

Result<RegisteredKnowledgeSupport> register_knowledge_support(Context& ctx, const Actor& actor,
                                                              const RegisterKnowledgeSupport& in) {
  KS_TRY(require_signed_in(actor));
  KS_TRY(domain::check_knowledge_support(in.fields));
  if (in.document && !in.diary) return fail(Error::invalid("ange vilken regions diarium som tar emot dokumentet", "diary.region_id"));
  AuditEvent event{.action = "knowledge_support.create", .object_type = "knowledge_support"};
  return write_audited(ctx, actor, event, [&](store::Connection& c) -> Result<RegisteredKnowledgeSupport> {
    Grant grant;
    if (in.diary) {
      grant = KS_TRY(authorize(c, actor, Action::case_register, Scope{.region_id = in.diary->region_id}));
    } else if (!may_somewhere(actor, Action::case_register)) {
      return fail(Error::forbidden("not allowed: knowledge_support.create"));
    }
    KS_TRY(check_owner(c, in.fields.owner_unit_id));
    RegisteredKnowledgeSupport out;
    out.id = KS_TRY(kss::insert(c, in.fields, actor.username, ctx.clock.now()));
    if (in.document) {
      auto stored = KS_TRY(store_document_with_diary(c, ctx, actor, {out.id, {}, {}}, *in.document, *in.diary));
      out.document_id = stored.document_id;
      out.diary_number = stored.diary_number;
    }
    AuditEvent done = event;
    done.acting_function = grant.describe();
    done.object_id = std::to_string(out.id);
    done.after = support_json(out.id, in.fields);
    if (out.diary_number) done.after["diary_number"] = *out.diary_number;
    KS_TRY(audit(ctx, c, actor, done));
    return out;
  });
}

Result<std::vector<kss::KnowledgeSupport>> search_knowledge_supports(Context& ctx, const Actor& actor,
                                                                     const kss::Query& query) {
  KS_TRY(require_signed_in(actor));
  return ctx.db.read([&](store::Connection& c) { return kss::search(c, query); });
}

Result<KnowledgeSupportDetail> knowledge_support_detail(Context& ctx, const Actor& actor, std::int64_t id) {
  KS_TRY(require_signed_in(actor));
  return ctx.db.read([&](store::Connection& c) -> Result<KnowledgeSupportDetail> {
    auto k = KS_TRY(kss::find(c, id));
    if (!k) return fail(Error::not_found("kunskapsstöd " + std::to_string(id) + " finns inte"));
    return KnowledgeSupportDetail{std::move(*k), KS_TRY(store::documents::for_knowledge_support(c, id))};
  });
}

Result<AddedDocument> add_document(Context& ctx, const Actor& actor, const AddDocument& in) {
  KS_TRY(require_signed_in(actor));
  AuditEvent event{.action = "document.add", .object_type = "document"};
  return write_audited(ctx, actor, event, [&](store::Connection& c) -> Result<AddedDocument> {
    DiaryRegistration diary = in.diary;
    std::string case_id;
    if (in.owner.case_id) {
      auto k = KS_TRY(store::cases::find_summary(c, *in.owner.case_id));
      if (!k) return fail(Error::not_found("ärende " + std::to_string(*in.owner.case_id) + " finns inte"));
      if (diary.region_id.empty()) diary.region_id = k->fields.region_id;
      case_id = std::to_string(k->id);
    } else if (in.owner.knowledge_support_id) {
      if (!KS_TRY(kss::find(c, *in.owner.knowledge_support_id)))
        return fail(Error::not_found("kunskapsstöd " + std::to_string(*in.owner.knowledge_support_id) + " finns inte"));
    } else {
      return fail(Error::invalid("dokumentet ska höra till ett kunskapsstöd eller ett ärende", "owner"));
    }
    if (diary.region_id.empty()) return fail(Error::invalid("ange vilken regions diarium som tar emot dokumentet", "diary.region_id"));
    auto grant = KS_TRY(authorize(c, actor, Action::case_register, Scope{.region_id = diary.region_id, .case_id = case_id}));
    auto stored = KS_TRY(store_document_with_diary(c, ctx, actor, in.owner, in.file, diary));
    AuditEvent done = event;
    done.acting_function = grant.describe();
    done.object_id = std::to_string(stored.document_id);
    done.case_id = case_id;
    done.after = {{"filename", in.file.filename}, {"size", in.file.content.size()}, {"diary_number", stored.diary_number}};
    KS_TRY(audit(ctx, c, actor, done));
    return AddedDocument{stored.document_id, stored.diary_number};
  });
}

Result<DocumentContent> document_content(Context& ctx, const Actor& actor, std::int64_t id) {
  KS_TRY(require_signed_in(actor));
  return ctx.db.read([&](store::Connection& c) -> Result<DocumentContent> {
    auto info = KS_TRY(store::documents::find(c, id));
    if (!info) return fail(Error::not_found("dokument " + std::to_string(id) + " finns inte"));
    if (info->owner.case_id) {
      auto k = KS_TRY(store::cases::find_summary(c, *info->owner.case_id));
      // The case's scope as its page's (case_scope): its region and its LPO.
      if (k) KS_TRY(authorize(c, actor, Action::case_read, Scope{.region_id = k->fields.region_id,
                                                                 .lpo_id = k->fields.lpo_id.value_or(""),
                                                                 .case_id = std::to_string(k->id)}));
    }
    auto bytes = KS_TRY(store::documents::content(c, id));
    if (!bytes) return fail(Error::not_found("dokument " + std::to_string(id) + " finns inte"));
    return DocumentContent{std::move(*info), std::move(*bytes)};
  });
}

Result<std::vector<store::diary::Entry>> list_diary(Context& ctx, const Actor& actor, const store::diary::Query& query) {
  KS_TRY(require_signed_in(actor));
  return ctx.db.read([&](store::Connection& c) -> Result<std::vector<store::diary::Entry>> {
    if (query.region_id) {
      KS_TRY(authorize(c, actor, Action::case_read, Scope{.region_id = *query.region_id}));
      return store::diary::list(c, query);
    }
    auto all = KS_TRY(store::diary::list(c, query));
    std::vector<store::diary::Entry> out;
    std::map<std::string, bool> allowed;
    for (auto& e : all) {
      auto it = allowed.find(e.fields.region_id);
      if (it == allowed.end())
        it = allowed.emplace(e.fields.region_id,
                             authorize(c, actor, Action::case_read, Scope{.region_id = e.fields.region_id}).has_value())
                 .first;
      if (it->second) out.push_back(std::move(e));
    }
    return out;
  });
}

} // namespace ks::service
