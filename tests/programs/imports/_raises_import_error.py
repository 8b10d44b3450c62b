raise ImportError('custom')
