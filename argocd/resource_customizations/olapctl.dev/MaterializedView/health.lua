-- Argo CD health check for olapctl.dev/v1alpha1 OlapTable, MaterializedView and View.
-- Source of truth: argocd/resource_customizations/olapctl.dev/OlapTable/health.lua. The MaterializedView and View
-- copies and argocd/argocd-cm-health.yaml are generated from it by `python argocd/generate.py`.
--
-- It reads what the olapctl operator writes: status.observedGeneration and the Ready and Synced conditions (each
-- with its own observedGeneration). Only Lua's base library is used, since Argo CD runs argocd-cm scripts without
-- the string library: text is joined with `..` and tostring().
--
-- Decision table (first match wins):
--   no status, or no status.observedGeneration         Progressing  the operator has not reconciled the object yet
--   status.observedGeneration < metadata.generation    Progressing  waiting for the operator to observe generation N
--   no Ready condition, or Ready/Synced of an older    Progressing
--     generation
--   Ready=False, reason WaitingForDependency, prod     Healthy      PENDING_PLAN_HEALTH: prod applies nothing by
--                                                                   itself, the table it reads comes with a plan too
--   Ready=False, reason TargetUnavailable or           Progressing  transient: the operator retries by itself, and
--     WaitingForDependency (dev)                                    it resolves once ClickHouse answers or the table
--                                                                   the object reads is declared
--   Ready=False, any other reason (InvalidSpec,        Degraded     REASON: the condition's message
--     ApplyFailed, ...)
--   Ready=True, Synced=True                            Healthy
--   Ready=True, Synced=False, reason PendingPlan       Healthy      PENDING_PLAN_HEALTH, see below
--   Ready=True, reason ExternallyManaged               Healthy      the operator never touches it
--   anything else                                      Progressing
--
-- PendingPlan (prod: the declaration differs from ClickHouse and waits for a reviewed MigrationPlan), and in prod
-- WaitingForDependency (a view whose source table does not exist yet, because the plan that creates it has not run),
-- are Healthy, not Progressing or Suspended. In prod an accepted declaration waiting for its plan is the designed steady state; the
-- work still to do belongs to the MigrationPlan, whose own health tells where it stands (Suspended while awaiting
-- approval, Progressing while applying, Degraded on drift or failure). Degraded would be wrong: nothing failed.
-- And Argo CD decides sync waves on health: in a sync spanning several waves (or with hooks) an applied resource
-- holds the operation until it is Healthy (done) or Degraded (failed); Progressing and Suspended both keep it
-- waiting. With tables in wave 0 and MigrationPlans in wave 2 (examples/gitops), a pending table reported as
-- Progressing or Suspended would stop the sync before the plan that resolves it is applied, and the parked
-- operation would block every later sync, auto-sync included. Set PENDING_PLAN_HEALTH to "Suspended" only for
-- Applications without sync waves or hooks.
local PENDING_PLAN_HEALTH = "Healthy"

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

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end

local function stale(observed)
  return generation ~= nil and (observed == nil or observed < generation)
end

local function waiting()
  return "waiting for the olapctl operator to observe generation " .. text(generation, "?")
end

local status = obj.status
if status == nil or status.observedGeneration == nil then
  hs.status = "Progressing"
  hs.message = waiting()
  return hs
end
if stale(status.observedGeneration) then
  hs.status = "Progressing"
  hs.message = waiting() .. " (status is for generation " .. text(status.observedGeneration, "?") .. ")"
  return hs
end

local object = text(obj.metadata.name, "?")
if status.table ~= nil then
  object = text(status.database, "?") .. "." .. text(status.table, "?")
end

local ready = condition(status, "Ready")
local synced = condition(status, "Synced")
if ready == nil or stale(ready.observedGeneration) or (synced ~= nil and stale(synced.observedGeneration)) then
  hs.status = "Progressing"
  hs.message = waiting()
  return hs
end

if ready.status == "False" then
  local detail = text(ready.reason, "NotReady") .. ": " .. text(ready.message, "")
  if ready.reason == "WaitingForDependency" and status.mode == "prod" then
    hs.status = PENDING_PLAN_HEALTH
    hs.message = object .. ": waiting for a reviewed MigrationPlan (prod); " .. detail
  elseif ready.reason == "TargetUnavailable" then
    hs.status = "Progressing"
    hs.message = "ClickHouse unavailable, the operator retries; " .. detail
  elseif ready.reason == "WaitingForDependency" then
    hs.status = "Progressing"
    hs.message = "the operator retries once the dependency exists; " .. detail
  else
    hs.status = "Degraded"
    hs.message = detail
  end
  return hs
end

if ready.status == "True" then
  if synced ~= nil and synced.status == "True" then
    hs.status = "Healthy"
    hs.message = object .. " in sync (" .. text(status.mode, "?") .. ")"
    return hs
  end
  if synced ~= nil and synced.status == "False" and synced.reason == "PendingPlan" then
    local pending = "operations pending"
    if status.drift ~= nil and status.drift.summary ~= nil and status.drift.summary ~= "" then
      pending = status.drift.summary
    end
    hs.status = PENDING_PLAN_HEALTH
    hs.message = object .. ": " .. pending .. ", waiting for a reviewed MigrationPlan (prod)"
    return hs
  end
  if ready.reason == "ExternallyManaged" then
    hs.status = "Healthy"
    hs.message = object .. ": lifeCycle ExternallyManaged, never touched by the operator"
    return hs
  end
end

hs.status = "Progressing"
hs.message = object .. ": Ready=" .. text(ready.status, "?") .. " (" .. text(ready.reason, "") .. ")"
if synced ~= nil then
  hs.message = hs.message .. ", Synced=" .. text(synced.status, "?") .. " (" .. text(synced.reason, "") .. ")"
end
return hs
