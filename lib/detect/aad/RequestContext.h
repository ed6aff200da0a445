// What a request says about the sign-in it belongs to: the app (client_id), the tenant and, only
// when asked, the user. The per-entry finder reads it from the failing request; the whole-trace
// finder also remembers it from earlier requests (the /authorize that started the flow, the
// GetCredentialType and login posts that named the user), because a failing POST /common/login
// or an error redirect landing on the app carries no client_id of its own.
//
//   RequestContext c = requestContextOf(authorizeEntry, /*withUser=*/false);  // c.clientId, c.tenant
#pragma once

#include <string>

#include "tracesan/Trace.h"

namespace tracesan::aad {

struct RequestContext {
  std::string clientId;  // client_id of the query or form body
  std::string tenant;    // the Entra URL path's tenant segment, else the tid parameter
  std::string user;      // login_hint, username, loginfmt, login (query or form), JSON body username
  bool authorize = false;  // the request is an OAuth /authorize request
};

// Cheap test on the request line: may the request name the flow's client, tenant or user?
bool mayCarryFlowContext(const Entry& entry, bool withUser);

// Reads the request's URL and body (form or JSON). `user` stays empty unless `withUser`.
RequestContext requestContextOf(const Entry& entry, bool withUser);

}  // namespace tracesan::aad
