import React from 'react'

/**
 * A panel of the "Bảo mật đăng nhập" page, drawn with the admin theme's own variables (light and
 * dark follow the theme): a bordered card on the elevation colours, Payload's spacing unit.
 */
export const Section = ({
  children,
  description,
  testId,
  title,
}: {
  children?: React.ReactNode
  description?: React.ReactNode
  testId: string
  title: string
}) => (
  <section
    className={`security-section ${testId}`}
    data-testid={testId}
    style={{
      background: 'var(--theme-elevation-0)',
      border: '1px solid var(--theme-elevation-150)',
      borderRadius: 'var(--style-radius-m)',
      marginBottom: 'var(--base)',
      padding: 'calc(var(--base) * 1.5)',
    }}
  >
    <h2 style={{ margin: '0 0 calc(var(--base) / 2)' }}>{title}</h2>
    {description ? (
      <p style={{ color: 'var(--theme-elevation-600)', margin: '0 0 var(--base)' }}>
        {description}
      </p>
    ) : null}
    {children}
  </section>
)

/** A labelled input in the markup of Payload's text field, so it takes the admin's input style. */
export const TextRow = ({
  id,
  label,
  onChange,
  ...input
}: {
  id: string
  label: string
  onChange: (value: string) => void
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange'>) => (
  <div className="field-type text" style={{ marginBottom: 'var(--base)', maxWidth: '22rem' }}>
    <label className="field-label" htmlFor={id}>
      {label}
    </label>
    <div className="field-type__wrap">
      <input {...input} id={id} onChange={(event) => onChange(event.target.value)} type="text" />
    </div>
  </div>
)
