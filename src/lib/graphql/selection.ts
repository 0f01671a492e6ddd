import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLNamedType,
  GraphQLSchema,
  SelectionSetNode,
} from 'graphql'

import { getNamedType, isInterfaceType, isObjectType } from 'graphql'

/** A selected field, with the name of the object type it is selected on. */
export type Selected = { node: FieldNode; typeName: string }

/**
 * Every field a selection can ask for, at any depth, on the types it would be asked on: through
 * fragments and inline fragments (each on its own type condition), whatever their directives
 * (`@include`/`@skip` are not evaluated: a field they may drop still counts). The document is
 * assumed valid (the server validates it first); a field its type does not know ends the walk
 * with `false`, as does a fragment it cannot find.
 */
export const everySelected = (
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  visit: (selected: Selected) => boolean,
): boolean => {
  const spread = new Set<string>()
  const walk = (on: GraphQLNamedType, set: SelectionSetNode | undefined): boolean => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === 'Field') {
        const name = selection.name.value
        if (name === '__typename') {
          continue
        }
        if (!isObjectType(on) && !isInterfaceType(on)) {
          return false
        }
        const field = on.getFields()[name]
        if (!field || !visit({ node: selection, typeName: on.name })) {
          return false
        }
        if (selection.selectionSet && !walk(getNamedType(field.type), selection.selectionSet)) {
          return false
        }
      } else if (selection.kind === 'InlineFragment') {
        const condition = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : on
        if (!condition || !walk(condition, selection.selectionSet)) {
          return false
        }
      } else {
        const name = selection.name.value
        if (spread.has(name)) {
          // Walked already: a fragment spread twice asks for nothing more.
          continue
        }
        spread.add(name)
        const fragment = fragments[name]
        const condition = fragment && schema.getType(fragment.typeCondition.name.value)
        if (!condition || !walk(condition, fragment.selectionSet)) {
          return false
        }
      }
    }
    return true
  }
  return walk(type, selectionSet)
}
