import { stringifyEntityRef } from '@backstage/catalog-model';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';

export interface GroupOption {
  ref: string;
  title: string;
  /** True for the signed-in person's own groups, listed first. */
  mine: boolean;
}

/**
 * The groups a person can pick, their own first: the signed-in user's
 * groups (`ownershipEntityRefs`) and every group the catalog lets them see.
 */
export function useGroupOptions() {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async (): Promise<GroupOption[]> => {
    const [identity, groups] = await Promise.all([
      identityApi.getBackstageIdentity(),
      catalogApi.getEntities({
        filter: { kind: 'group' },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.title',
          'spec.profile.displayName',
        ],
      }),
    ]);
    const mine = new Set(
      identity.ownershipEntityRefs
        .map(r => r.toLocaleLowerCase('en-US'))
        .filter(r => r.startsWith('group:')),
    );
    return groups.items
      .map(g => {
        const ref = stringifyEntityRef(g).toLocaleLowerCase('en-US');
        const profile = (
          g.spec as { profile?: { displayName?: string } } | undefined
        )?.profile;
        return {
          ref,
          title: profile?.displayName ?? g.metadata.title ?? g.metadata.name,
          mine: mine.has(ref),
        };
      })
      .sort(
        (a, b) =>
          Number(b.mine) - Number(a.mine) || a.title.localeCompare(b.title),
      );
  }, [identityApi, catalogApi]);
}

/** A picker of groups, the person's own first; picks their first group when none is chosen. */
export function GroupPicker(props: {
  value: string | undefined;
  onChange: (groupRef: string) => void;
}) {
  const { value: options, loading, error } = useGroupOptions();
  const { value, onChange } = props;
  useEffect(() => {
    if (!value && options && options.length > 0) {
      onChange(options[0].ref);
    }
  }, [value, options, onChange]);
  const selected = options?.find(o => o.ref === value) ?? null;
  return (
    <Autocomplete
      style={{ minWidth: 320 }}
      options={options ?? []}
      loading={loading}
      value={selected}
      groupBy={o => (o.mine ? 'Your groups' : 'All groups')}
      getOptionLabel={o => o.title}
      getOptionSelected={(o, v) => o.ref === v.ref}
      onChange={(_e, option) => option && onChange(option.ref)}
      renderInput={params => (
        <TextField
          {...params}
          label="Group"
          variant="outlined"
          size="small"
          error={Boolean(error)}
          helperText={
            error ? `Could not list the groups: ${error.message}` : undefined
          }
        />
      )}
    />
  );
}
