import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimulatorContext } from '../context';
import type { MixGroup } from '../fleet';
import { NOT_AUTHORISED, sendMixError, sendMixJson } from '../http-errors';
import { parseInt64, toMixJson } from '../json';

type IdParams = Record<string, string>;

/** Organisation groups, drivers, assets and the event-type catalogue. */
export async function masterDataRoutes(app: FastifyInstance, ctx: SimulatorContext): Promise<void> {
  const { fleet } = ctx;
  const org = fleet.organisation;

  /** The group named by a path segment, or a 401 as MiX answers for ids it does not know. */
  const groupOr401 = (segment: string, reply: FastifyReply): MixGroup | undefined => {
    const id = parseInt64(segment);
    const group = id === undefined ? undefined : ctx.groups.get(id);
    if (!group) sendMixError(reply, 401, NOT_AUTHORISED);
    return group;
  };
  const isOrg = (group: MixGroup) => group.GroupId === org.GroupId;

  app.get('/api/organisationgroups', async (_request, reply) => sendMixJson(reply, toMixJson([org])));

  app.get<{ Params: IdParams }>('/api/organisationgroups/group/:groupId', async (request, reply) => {
    const group = groupOr401(request.params.groupId, reply);
    return group ? sendMixJson(reply, toMixJson(group)) : reply;
  });

  app.get<{ Params: IdParams }>('/api/organisationgroups/subgroups/:groupId', async (request, reply) => {
    const group = groupOr401(request.params.groupId, reply);
    if (!group) return reply;
    const summary = (g: MixGroup, subGroups: unknown[]) => ({
      GroupId: g.GroupId,
      Name: g.Name,
      Type: g.Type,
      SubGroups: subGroups,
    });
    const sites = fleet.sites.map((s) => summary(s.group, []));
    return sendMixJson(reply, toMixJson(isOrg(group) ? summary(group, sites) : summary(group, [])));
  });

  app.get<{ Params: IdParams }>('/api/organisationgroups/details/:organisationId', async (request, reply) => {
    const group = groupOr401(request.params.organisationId, reply);
    if (!group) return reply;
    const detail = {
      GroupId: group.GroupId,
      Name: group.Name,
      DisplayTimeZone: group.DisplayTimeZone,
      GroupType: group.Type,
    };
    return sendMixJson(reply, toMixJson(detail));
  });

  app.get<{ Params: IdParams }>('/api/drivers/organisation/:organisationId', async (request, reply) => {
    const group = groupOr401(request.params.organisationId, reply);
    if (!group) return reply;
    if (!isOrg(group)) return sendMixError(reply, 401, NOT_AUTHORISED);
    return sendMixJson(reply, toMixJson(fleet.drivers));
  });

  app.get<{ Params: IdParams }>('/api/drivers/group/:groupId', async (request, reply) => {
    const group = groupOr401(request.params.groupId, reply);
    if (!group) return reply;
    const drivers = isOrg(group) ? fleet.drivers : fleet.drivers.filter((d) => d.SiteId === group.GroupId);
    return sendMixJson(reply, toMixJson(drivers));
  });

  app.get<{ Params: IdParams }>('/api/assets/group/:groupId', async (request, reply) => {
    const group = groupOr401(request.params.groupId, reply);
    if (!group) return reply;
    const assets = isOrg(group) ? fleet.assets : fleet.assets.filter((a) => a.SiteId === group.GroupId);
    return sendMixJson(reply, toMixJson(assets));
  });

  app.get<{ Params: IdParams }>('/api/assets/:assetId', async (request, reply) => {
    const id = parseInt64(request.params.assetId);
    const asset = fleet.assets.find((a) => a.AssetId === id);
    return asset ? sendMixJson(reply, toMixJson(asset)) : sendMixError(reply, 401, NOT_AUTHORISED);
  });

  app.get<{ Params: IdParams }>('/api/libraryevents/organisation/:organisationId', async (request, reply) => {
    const group = groupOr401(request.params.organisationId, reply);
    if (!group) return reply;
    if (!isOrg(group)) return sendMixError(reply, 401, NOT_AUTHORISED);
    return sendMixJson(reply, toMixJson(fleet.libraryEvents));
  });
}
