-- Argo CD health check for olapctl.dev/v1alpha1 MigrationPlan. argocd/argocd-cm-health.yaml is generated from this
-- file by `python argocd/generate.py`.
--
-- It reads what the olapctl operator writes: status.phase, status.observedGeneration, appliedOperations,
-- totalOperations, message, drift and the Ready condition. Only Lua's base library is used, since Argo CD runs
-- argocd-cm scripts without the string library: text is joined with `..` and tostring().
--
-- Decision table (first match wins):
--   no status, or no status.phase                      Progressing  the operator has not picked the plan up yet
--   status.observedGeneration < metadata.generation    Progressing  waiting for the operator to observe generation N
--                                                                   (an approval bumps the generation)
--   AwaitingApproval                                   Suspended    waits for a person: approve it in git or with
--                                                                   `olapctl approve`; never Degraded
--   Pending                                            Progressing  n/m operations applied; why it waits (queue, target)
--   Applying                                           Progressing  n/m operations applied
--   Succeeded                                          Healthy      n/m operations applied and verified
--   Drifted                                            Degraded     status.message ("drift: nothing applied; it
--                                                                   applies once ..."); what differs (drift.summary:
--                                                                   objects). Not final: it waits for the live
--                                                                   database to match, or a newer plan to supersede it
--   Superseded                                         Healthy      status.message: a newer plan on the same target
--                                                                   replaced this drifted one; nothing applied
--   Failed                                             Degraded     REASON: status.message (StalePlan,
--                                                                   DestructiveRefused, InvalidPlan, OperationFailed, ...)
--   any other phase                                    Progressing
--
-- Suspended does not hold a sync: MigrationPlans go in the last sync wave, and Argo CD ends a sync after applying
-- its last wave without waiting for health.

local hs = {}

local function text(value, default)
  if value == nil then
    return default
  end
  return tostring(value)
end

local function condition(status, kind)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local name = "?"
local namespace = "?"
local generation = nil
if obj.metadata ~= nil then
  name = text(obj.metadata.name, "?")
  namespace = text(obj.metadata.namespace, "?")
  generation = obj.metadata.generation
end

local status = obj.status
if status == nil or status.phase == nil then
  hs.status = "Progressing"
  hs.message = "waiting for the olapctl operator to observe generation " .. text(generation, "?")
  return hs
end
if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "waiting for the olapctl operator to observe generation " .. text(generation, "?")
    .. " (status is for generation " .. text(status.observedGeneration, "?") .. ", phase " .. text(status.phase, "?") .. ")"
  return hs
end

local total = text(status.totalOperations, "0")
local progress = text(status.appliedOperations, "0") .. "/" .. total .. " operations applied"
local message = ""
if status.message ~= nil and status.message ~= "" then
  message = status.message
end
local phase = status.phase

if phase == "AwaitingApproval" then
  hs.status = "Suspended"
  hs.message = "awaiting approval of " .. total .. " operation(s): review the plan, then set spec.approved: true in git"
    .. " (or run: olapctl approve " .. name .. " -n " .. namespace .. ")"
elseif phase == "Pending" or phase == "Applying" then
  hs.status = "Progressing"
  hs.message = progress
  if message ~= "" then
    hs.message = progress .. "; " .. message
  end
elseif phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = progress .. " and verified"
elseif phase == "Drifted" then
  -- status.message says what the operator did ("drift: nothing applied"), drift.summary and drift.tables what differs
  hs.status = "Degraded"
  hs.message = message
  if hs.message == "" then
    hs.message = "drift: nothing applied"
  end
  local drift = status.drift
  if drift ~= nil then
    local objects = ""
    if drift.tables ~= nil then
      for _, t in ipairs(drift.tables) do
        if objects ~= "" then
          objects = objects .. ", "
        end
        objects = objects .. text(t.object, "?")
      end
    end
    if drift.summary ~= nil and drift.summary ~= "" then
      hs.message = hs.message .. "; " .. drift.summary
    end
    if objects ~= "" then
      hs.message = hs.message .. ": " .. objects
    end
  end
elseif phase == "Superseded" then
  hs.status = "Healthy"
  hs.message = message
elseif phase == "Failed" then
  hs.status = "Degraded"
  local reason = "Failed"
  local ready = condition(status, "Ready")
  if ready ~= nil and ready.reason ~= nil then
    reason = ready.reason
  end
  hs.message = reason .. ": " .. message
else
  hs.status = "Progressing"
  hs.message = "phase " .. text(phase, "?") .. ": " .. progress
end
return hs
